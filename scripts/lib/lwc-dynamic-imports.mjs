// The platform's rule for dynamic imports in Lightning web components, as the gate checks it:
//   - a bundle whose JavaScript calls import() must declare <capability>lightning__dynamicComponent</capability> in
//     its .js-meta.xml (without it the platform refuses the bundle: "LWC1503: Dynamic imports are not allowed");
//   - that capability needs apiVersion 55.0 or later;
//   - the module name is a string literal (LWC1121, the compiler enforces it) and not a relative path
//     (LWC1503: "Dynamic import cannot be invoked with a relative path string");
//   - Lightning Web Security must be on in the org: an org setting, which no file can show (docs/PERFORMANCE.md).
// scripts/lwc-validate.mjs applies the first and third points to the emitted JavaScript; scripts/lib/org-rules
// (npm run validate) the second, and checks that a c/<bundle> the code imports dynamically exists.
import ts from 'typescript';
import cjs from './dynamic-import-bundles.cjs';

export const { DYNAMIC_IMPORT_CAPABILITY, declaresDynamicImport } = cjs;
export const DYNAMIC_IMPORT_SOURCE = 'https://developer.salesforce.com/docs/platform/lwc/guide/js-dynamic-components.html';
/** "To use this capability, you must set the apiVersion property to 55.0 or later." (DYNAMIC_IMPORT_SOURCE) */
export const DYNAMIC_IMPORT_MIN_API_VERSION = 55;

/**
 * Every import(…) call of a JavaScript or TypeScript text: its module name when it is a string literal (else null),
 * and its line. Comments and strings that merely contain "import(" are not calls.
 * @param {string} text
 * @param {string} fileName
 * @returns {{ specifier: string | null, line: number }[]}
 */
export function dynamicImports(text, fileName) {
    const kind = fileName.endsWith('.ts') ? ts.ScriptKind.TS : ts.ScriptKind.JS;
    const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.ESNext, true, kind);
    /** @type {{ specifier: string | null, line: number }[]} */
    const found = [];
    const visit = (node) => {
        if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
            const [argument] = node.arguments;
            const specifier = argument && (ts.isStringLiteral(argument) || ts.isNoSubstitutionTemplateLiteral(argument)) ? argument.text : null;
            found.push({ specifier, line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1 });
        }
        ts.forEachChild(node, visit);
    };
    visit(source);
    return found;
}

/** The apiVersion of a .js-meta.xml text, or null. */
export function apiVersionOf(metaXml) {
    const match = /<apiVersion>\s*([\d.]+)\s*<\/apiVersion>/.exec(metaXml);
    return match ? Number(match[1]) : null;
}
