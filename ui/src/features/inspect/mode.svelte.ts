/** How the checklist is shown (F4 switches); kept for the session, across units. */
export const checklistView = $state({ list: false });
