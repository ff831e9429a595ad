// RFC 4180 CSV as Bulk API 2.0 uses it (comma, LF line endings, "" inside quoted values).
export function toCsv(rows: readonly (readonly string[])[]): string {
    return (
        rows
            .map((row) => row.map((value) => (/[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value)).join(','))
            .join('\n') + '\n'
    );
}

export function parseCsv(text: string): string[][] {
    const rows: string[][] = [];
    let row: string[] = [];
    let value = '';
    let quoted = false;
    for (let i = 0; i < text.length; i += 1) {
        const char = text[i];
        if (quoted) {
            if (char === '"' && text[i + 1] === '"') {
                value += '"';
                i += 1;
            } else if (char === '"') quoted = false;
            else value += char;
        } else if (char === '"') quoted = true;
        else if (char === ',') {
            row.push(value);
            value = '';
        } else if (char === '\n' || char === '\r') {
            if (char === '\r' && text[i + 1] === '\n') i += 1;
            row.push(value);
            rows.push(row);
            row = [];
            value = '';
        } else value += char;
    }
    if (value !== '' || row.length > 0) {
        row.push(value);
        rows.push(row);
    }
    return rows;
}
