// Standard picklist values and the labels a French user reads (the org's translations): one table for the workbench's
// GraphQL double and its getRecord (records.js).
export const PICKLIST_FR = {
    Status: {
        New: 'Nouveau',
        Working: 'En cours',
        Escalated: 'Remonté',
        Closed: 'Fermé',
        'Not Started': 'Non commencée',
        'In Progress': 'En cours',
        Completed: 'Terminée',
        Deferred: 'Reportée',
        'Open - Not Contacted': 'Ouvert - Non contacté',
        'Working - Contacted': 'En cours - Contacté',
        'Closed - Converted': 'Fermé - Converti',
        'Closed - Not Converted': 'Fermé - Non converti'
    },
    Priority: {
        High: 'Élevée',
        Medium: 'Moyenne',
        Low: 'Faible',
        Normal: 'Normale'
    },
    StageName: {
        Prospecting: 'Prospection',
        Qualification: 'Qualification',
        'Needs Analysis': 'Analyse des besoins',
        'Value Proposition': 'Proposition de valeur',
        'Id. Decision Makers': 'Identification des décideurs',
        'Perception Analysis': 'Analyse de perception',
        'Proposal/Price Quote': 'Proposition/Devis',
        'Negotiation/Review': 'Négociation/Révision',
        'Closed Won': 'Fermée gagnée',
        'Closed Lost': 'Fermée perdue'
    },
    TaskSubtype: {
        Call: 'Appel',
        Email: 'E-mail',
        Task: 'Tâche'
    },
    Origin: {
        Phone: 'Téléphone',
        Email: 'E-mail',
        Web: 'Web'
    }
};
