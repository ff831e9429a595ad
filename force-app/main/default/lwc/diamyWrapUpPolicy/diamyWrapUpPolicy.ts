/**
 * The wrap-up rules the administrator sets for the running user. Lightning components cannot read a hierarchy custom
 * setting without Apex, but they can import a custom permission: an admin who wants dispositions required assigns
 * the permission set Diamy Disposition Required (custom permission Diamy_Disposition_Required) to the agents
 * concerned. The org enforces it too (validation rule Diamy_Call_Disposition_Required), so this is what the UI shows,
 * not what keeps the data right.
 *
 * Its own bundle, so that the modules the workbench bundles do not import a custom permission (the workbench maps
 * `@salesforce/*` modules one by one: scripts/bundle-workbench.mjs).
 */
import hasDispositionRequired from '@salesforce/customPermission/Diamy_Disposition_Required';

/** The running user must choose a disposition with every wrap-up (the platform gives true, or undefined without the permission). */
export const DISPOSITION_REQUIRED: boolean = (hasDispositionRequired as boolean | undefined) === true;
