// The custom permission import is true for a user who has it and undefined otherwise (LWC, "Check Permissions").
function policyFor(granted: boolean | undefined): boolean {
    let required = false;
    jest.isolateModules(() => {
        jest.doMock('@salesforce/customPermission/Diamy_Disposition_Required', () => ({ __esModule: true, default: granted }), { virtual: true });
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- a fresh module per permission value (isolateModules)
        required = (require('c/diamyWrapUpPolicy') as { DISPOSITION_REQUIRED: boolean }).DISPOSITION_REQUIRED;
    });
    return required;
}

describe('c-diamy-wrap-up-policy', () => {
    it('requires a disposition for a user with the custom permission', () => {
        expect(policyFor(true)).toBe(true);
    });

    it('does not for a user without it (the import is undefined)', () => {
        expect(policyFor(undefined)).toBe(false);
    });
});
