// First module of the page: the language of the labels (?lang=fr → the French translations). The header's
// English / Français links (index.html) reload the page with ?lang=en or ?lang=fr.
globalThis.__DIAMY_LANG__ = new URLSearchParams(globalThis.location?.search ?? '').get('lang') === 'fr' ? 'fr' : 'en';
if (globalThis.document) globalThis.document.documentElement.lang = globalThis.__DIAMY_LANG__;
