// Types of standard-schema.mjs for TypeScript importers (automation/engine).
export interface StandardField {
    type: string;
    createable: boolean;
    updateable: boolean;
    required?: boolean;
    length?: number;
    referenceTo?: string[];
    relationshipName?: string;
    values?: string[];
    defaultValue?: string;
    restricted?: boolean;
    valuesConfigurable?: boolean;
    source?: string;
    quote?: string;
    note?: string;
}
export interface StandardObject {
    source?: string;
    note?: string;
    fields: Record<string, StandardField>;
}
export const STANDARD_OBJECTS: Readonly<Record<string, StandardObject>>;
export const CUSTOM_OBJECT_STANDARD_FIELDS: Readonly<StandardObject>;
export const CUSTOM_METADATA_STANDARD_FIELDS: Readonly<StandardObject>;
export const CUSTOM_SETTING_STANDARD_FIELDS: Readonly<StandardObject>;
export function standardField(object: string, field: string): StandardField | undefined;
