// lightning/pageReferenceUtils for the workbench: the same encoding rule as the platform (comma-separated
// field=value, values URI-encoded).
export function encodeDefaultFieldValues(values) {
    return Object.entries(values ?? {})
        .map(([field, value]) => `${field}=${encodeURIComponent(String(value))}`)
        .join(',');
}

export function decodeDefaultFieldValues(text) {
    return Object.fromEntries(
        String(text ?? '')
            .split(',')
            .filter(Boolean)
            .map((pair) => {
                const [field, value = ''] = pair.split('=');
                return [field, decodeURIComponent(value)];
            })
    );
}
