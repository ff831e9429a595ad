// NavigationMixin that records what a component asked for, plus the CurrentPageReference wire adapter.
// Tests read the last request with getNavigateCalledWith() / getGenerateUrlCalledWith().
import { createTestWireAdapter } from '@salesforce/wire-service-jest-util';

export const CurrentPageReference = createTestWireAdapter(jest.fn());

const Navigate = Symbol('Navigate');
const GenerateUrl = Symbol('GenerateUrl');

let navigateCalls = [];
let generateUrlCalls = [];

export const NavigationMixin = (Base) =>
    class extends Base {
        [Navigate](pageReference, replace) {
            navigateCalls.push({ pageReference, replace });
        }
        [GenerateUrl](pageReference) {
            generateUrlCalls.push({ pageReference });
            return Promise.resolve(`https://example.lightning.force.com/${pageReference.type}`);
        }
    };
NavigationMixin.Navigate = Navigate;
NavigationMixin.GenerateUrl = GenerateUrl;

export const getNavigateCalledWith = () => navigateCalls[navigateCalls.length - 1];
export const getNavigateCalls = () => [...navigateCalls];
export const getGenerateUrlCalledWith = () => generateUrlCalls[generateUrlCalls.length - 1];
export function __reset() {
    navigateCalls = [];
    generateUrlCalls = [];
}
