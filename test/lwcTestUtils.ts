// Helpers shared by every LWC test (the one test skeleton used across the project).
import type { LightningElement } from 'lwc';

/** Lets pending promises and LWC re-renders settle. */
export async function flushPromises(): Promise<void> {
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
}

/** Removes every element a test appended, so that tests never see each other's DOM. */
export function resetDom(): void {
    while (document.body.firstChild) {
        document.body.removeChild(document.body.firstChild);
    }
}

/** A test wire adapter from @salesforce/wire-service-jest-util, as the stubs export it. */
export interface TestWireAdapter<T> {
    emit(value: T): void;
    error(body?: unknown, status?: number, statusText?: string): void;
    getLastConfig(): Record<string, unknown>;
}

/** Views a wire adapter import as the test adapter that the jest stub really is. */
export function asTestAdapter<T>(adapter: unknown): TestWireAdapter<T> {
    return adapter as TestWireAdapter<T>;
}

/** The rendered shadow root of a component; fails the test loudly when it is missing. */
export function shadowOf(element: LightningElement | HTMLElement): ShadowRoot {
    const root = (element as HTMLElement).shadowRoot;
    if (!root) {
        throw new Error('component has no shadow root');
    }
    return root;
}

/**
 * The first element matching a selector in a component's shadow tree or in any child component's shadow tree
 * (the softphone renders through child components; a user sees one page, a test looks through all of it).
 */
export function deepQuery(root: ShadowRoot | Element, selector: string): HTMLElement | null {
    const direct = root.querySelector(selector);
    if (direct) {
        return direct as HTMLElement;
    }
    for (const element of Array.from(root.querySelectorAll('*'))) {
        const shadow = (element as HTMLElement).shadowRoot;
        if (shadow) {
            const found = deepQuery(shadow, selector);
            if (found) {
                return found;
            }
        }
    }
    return null;
}

/** Every element matching a selector through the component and its children's shadow trees. */
export function deepQueryAll(root: ShadowRoot | Element, selector: string): HTMLElement[] {
    const found = Array.from(root.querySelectorAll<HTMLElement>(selector));
    for (const element of Array.from(root.querySelectorAll('*'))) {
        const shadow = (element as HTMLElement).shadowRoot;
        if (shadow) {
            found.push(...deepQueryAll(shadow, selector));
        }
    }
    return found;
}

/**
 * Waits, in real time, until `predicate` holds (the logger's retry timers, a wire's macrotask): fails naming `what`
 * after about two seconds.
 */
export async function until(predicate: () => boolean, what: string): Promise<void> {
    for (let waited = 0; !predicate(); waited += 5) {
        if (waited > 2000) {
            throw new Error(`timed out waiting for ${what}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 5));
    }
}
