// Types for the lightning/* base components and the fixed @salesforce/* modules that Salesforce publishes.
import '@salesforce/lightning-types';
