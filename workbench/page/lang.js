// First module of the page: the language of the labels (?lang=fr → the French translations).
globalThis.__DIAMY_LANG__ = new URLSearchParams(globalThis.location?.search ?? '').get('lang') === 'fr' ? 'fr' : 'en';
