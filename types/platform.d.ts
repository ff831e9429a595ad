// Ambient declarations for the Salesforce platform modules that @salesforce/lightning-types does not cover.
// No top-level import in this file: a top-level import would turn every `declare module` into an
// augmentation (TS2307). Shapes follow the platform at runtime and the sfdx-lwc-jest stubs.

declare module '@salesforce/schema/*' {
    const field: { objectApiName: string; fieldApiName?: string };
    export default field;
}

declare module '@salesforce/label/*' {
    const label: string;
    export default label;
}

declare module '@salesforce/messageChannel/*' {
    /** Opaque token identifying a Lightning Message Channel. */
    const channel: { readonly __lightningMessageChannel?: never };
    export default channel;
}

declare module '@salesforce/customPermission/*' {
    const hasPermission: boolean;
    export default hasPermission;
}

declare module '@salesforce/resourceUrl/*' {
    const url: string;
    export default url;
}

declare module '@salesforce/i18n/lang' {
    const lang: string;
    export default lang;
}

declare module '@salesforce/i18n/locale' {
    const locale: string;
    export default locale;
}

declare module '@salesforce/i18n/timeZone' {
    const timeZone: string;
    export default timeZone;
}

declare module 'lightning/uiRecordApi' {
    import type { WireAdapterConstructor } from 'lwc';

    export type FieldId = { objectApiName: string; fieldApiName?: string };
    export type FieldValue = string | number | boolean | null;

    export interface RecordFieldRepresentation {
        value: FieldValue | RecordRepresentation;
        displayValue: string | null;
    }
    export interface RecordRepresentation {
        id: string;
        apiName: string;
        fields: Record<string, RecordFieldRepresentation>;
        lastModifiedDate?: string;
    }
    export interface RecordInput {
        apiName?: string;
        fields: Record<string, FieldValue | undefined>;
    }
    export interface RecordUpdateInput {
        fields: Record<string, FieldValue | undefined> & { Id: string };
    }
    export interface WireResult<T> {
        data?: T;
        error?: unknown;
    }

    export const getRecord: WireAdapterConstructor<
        { recordId?: string; fields?: readonly (FieldId | string)[]; optionalFields?: readonly (FieldId | string)[] },
        WireResult<RecordRepresentation>
    >;
    export function createRecord(recordInput: RecordInput): Promise<RecordRepresentation>;
    /** clientOptions.ifUnmodifiedSince: the update fails (HTTP 412) when the record changed since that LastModifiedDate. */
    export function updateRecord(recordInput: RecordUpdateInput, clientOptions?: { ifUnmodifiedSince?: string }): Promise<RecordRepresentation>;
    export function deleteRecord(recordId: string): Promise<void>;
    export function getFieldValue(record: RecordRepresentation | undefined, field: FieldId | string): FieldValue | undefined;
    export function getFieldDisplayValue(record: RecordRepresentation | undefined, field: FieldId | string): string | null | undefined;
    export function notifyRecordUpdateAvailable(items: readonly { recordId: string }[]): Promise<void>;
}

declare module 'lightning/uiObjectInfoApi' {
    import type { WireAdapterConstructor } from 'lwc';
    import type { FieldId, WireResult } from 'lightning/uiRecordApi';

    export interface ObjectInfoRepresentation {
        apiName: string;
        defaultRecordTypeId: string;
        fields: Record<string, unknown>;
    }
    export interface PicklistValue {
        label: string;
        value: string;
        validFor?: readonly number[];
        attributes?: unknown;
    }
    export interface PicklistValuesRepresentation {
        defaultValue: PicklistValue | null;
        values: readonly PicklistValue[];
        controllerValues?: Record<string, number>;
    }
    export const getObjectInfo: WireAdapterConstructor<{ objectApiName: FieldId | string }, WireResult<ObjectInfoRepresentation>>;
    export const getPicklistValues: WireAdapterConstructor<{ recordTypeId: string | undefined; fieldApiName: FieldId | string }, WireResult<PicklistValuesRepresentation>>;
}

declare module 'lightning/uiGraphQLApi' {
    import type { WireAdapterConstructor } from 'lwc';

    /** A parsed GraphQL document; only the platform knows its shape. */
    export type GraphQLDocument = { readonly __graphqlDocument?: never };
    export interface GraphQLResult<T> {
        data?: T;
        errors?: readonly { message: string }[];
    }
    export function gql(literals: TemplateStringsArray, ...substitutions: unknown[]): GraphQLDocument;
    export const graphql: WireAdapterConstructor<
        { query: GraphQLDocument | undefined; variables?: Record<string, unknown>; operationName?: string },
        GraphQLResult<unknown>
    >;
    export function refreshGraphQL(result: unknown): Promise<void>;
}

declare module 'lightning/messageService' {
    import type { WireAdapterConstructor } from 'lwc';

    export type MessageContextType = { readonly __messageContext?: never };
    export type MessageChannel = { readonly __lightningMessageChannel?: never };
    export type Subscription = { readonly __subscription?: never };
    export const APPLICATION_SCOPE: symbol;
    export const MessageContext: WireAdapterConstructor<Record<string, never>, MessageContextType>;
    export function createMessageContext(): MessageContextType;
    export function releaseMessageContext(context: MessageContextType): void;
    export function publish(context: MessageContextType, channel: MessageChannel, message?: unknown): void;
    export function subscribe(
        context: MessageContextType,
        channel: MessageChannel,
        listener: (message: unknown) => void,
        options?: { scope?: symbol }
    ): Subscription;
    export function unsubscribe(subscription: Subscription): void;
}

declare module 'lightning/navigation' {
    import type { LightningElement, WireAdapterConstructor } from 'lwc';

    export interface PageReference {
        type: string;
        attributes?: Record<string, string | undefined>;
        state?: Record<string, string | undefined>;
    }
    type Constructor<T> = new (...args: any[]) => T; // eslint-disable-line @typescript-eslint/no-explicit-any -- mixin constructor signature must accept any arguments
    export interface NavigationMixinMethods {
        [NavigationMixin.Navigate](pageReference: PageReference, replace?: boolean): void;
        [NavigationMixin.GenerateUrl](pageReference: PageReference): Promise<string>;
    }
    export const NavigationMixin: {
        <T extends Constructor<LightningElement>>(base: T): T & Constructor<NavigationMixinMethods>;
        readonly Navigate: unique symbol;
        readonly GenerateUrl: unique symbol;
    };
    export const CurrentPageReference: WireAdapterConstructor<Record<string, never>, PageReference>;
}

declare module 'lightning/platformShowToastEvent' {
    export interface ShowToastEventInit {
        title?: string;
        message: string;
        variant?: 'info' | 'success' | 'warning' | 'error';
        mode?: 'dismissible' | 'pester' | 'sticky';
        messageData?: readonly (string | { url: string; label: string })[];
    }
    export class ShowToastEvent extends CustomEvent<ShowToastEventInit> {
        constructor(init: ShowToastEventInit);
    }
}

declare module 'lightning/platformWorkspaceApi' {
    import type { WireAdapterConstructor } from 'lwc';
    import type { PageReference } from 'lightning/navigation';

    export interface TabInfo {
        tabId: string;
        url?: string;
        pageReference?: PageReference;
        recordId?: string;
        subtabs?: TabInfo[];
    }
    export const IsConsoleNavigation: WireAdapterConstructor<Record<string, never>, boolean>;
    export const EnclosingTabId: WireAdapterConstructor<Record<string, never>, string>;
    export function openTab(options: { pageReference?: PageReference; recordId?: string; url?: string; focus?: boolean; label?: string }): Promise<string>;
    export function openSubtab(parentTabId: string, options: { pageReference?: PageReference; recordId?: string; url?: string; focus?: boolean; label?: string }): Promise<string>;
    export function focusTab(tabId: string): Promise<void>;
    export function getFocusedTabInfo(): Promise<TabInfo>;
    export function getAllTabInfo(): Promise<TabInfo[]>;
}

declare module 'lightning/platformUtilityBarApi' {
    import type { WireAdapterConstructor } from 'lwc';

    export const EnclosingUtilityId: WireAdapterConstructor<Record<string, never>, string>;
    export function open(utilityId: string, options?: { autoFocus?: boolean }): Promise<boolean>;
    export function minimize(utilityId: string): Promise<boolean>;
    export function updateUtility(
        utilityId: string,
        options: { label?: string; icon?: string; iconVariant?: 'success' | 'warning' | 'error' | ''; highlighted?: boolean }
    ): Promise<boolean>;
    /** The enclosing utility's state (the label and icon the admin gave it in the app). */
    export function getInfo(utilityId: string): Promise<{
        id: string;
        isLoaded?: boolean;
        utilityLabel: string;
        utilityIcon?: string;
        utilityIconVariant?: string;
        utilityHighlighted?: boolean;
        utilityVisible?: boolean;
    }>;
}

declare module 'lightning/pageReferenceUtils' {
    /** Encodes field values for the `defaultFieldValues` state of a standard__objectPage "new" page reference. */
    export function encodeDefaultFieldValues(values: Record<string, string | number | boolean | null>): string;
    export function decodeDefaultFieldValues(encoded: string): Record<string, string>;
}

declare module 'lightning/graphql' {
    import type { WireAdapterConstructor } from 'lwc';

    /** A parsed GraphQL document; only the platform knows its shape. */
    export type GraphQLDocument = { readonly __graphqlDocument?: never };
    export interface GraphQLResult<T> {
        data?: T;
        errors?: readonly { message: string }[];
        /** Re-runs the query (lightning/graphql v2). */
        refresh?: () => Promise<void>;
    }
    export function gql(literals: TemplateStringsArray, ...substitutions: unknown[]): GraphQLDocument;
    export const graphql: WireAdapterConstructor<
        { query: GraphQLDocument | undefined; variables?: Record<string, unknown>; operationName?: string },
        GraphQLResult<unknown>
    >;
}
