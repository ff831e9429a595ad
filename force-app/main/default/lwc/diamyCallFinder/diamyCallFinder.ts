/**
 * Hidden child of the softphone: the GraphQL wire that finds the Diamy_Call__c record of a Diamy call id
 * (`@api find(diamyCallId)`). The logic (queue, timeout, cache refresh) is c/diamyCallFinderService.
 */
import { LightningElement, api, wire } from 'lwc';
import { graphql } from 'lightning/graphql';
import type { GraphQLDocument, GraphQLResult } from 'lightning/graphql';
import { CALL_RECORD_QUERY, CallFinder, finderVariables } from 'c/diamyCallFinderService';
import type { FinderVariables } from 'c/diamyCallFinderService';

export default class DiamyCallFinder extends LightningElement {
    finderQuery: GraphQLDocument | undefined;
    finderVariables: FinderVariables | undefined;

    private readonly finder = new CallFinder({
        ask: (diamyCallId) => {
            this.finderQuery = CALL_RECORD_QUERY;
            this.finderVariables = finderVariables(diamyCallId);
        }
    });

    @wire(graphql, { query: '$finderQuery', variables: '$finderVariables' })
    wiredCallRecord(result: GraphQLResult<unknown>): void {
        this.finder.receive(result, this.finderVariables?.diamyCallId);
    }

    /** The record id of a Diamy call id (null: none visible to this user); rejects when the lookup fails. */
    @api
    find(diamyCallId: string): Promise<string | null> {
        return this.finder.find(diamyCallId);
    }

    override connectedCallback(): void {
        this.finder.resume();
    }

    override disconnectedCallback(): void {
        this.finder.stop();
    }
}
