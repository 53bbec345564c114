/** What a learner is asked before a link takes them away from a fit that is training. */
export const leaveWarning =
  'A network is training on this page. Leave anyway? The fit stops, and what it learnt since its last finished epoch is lost (finished epochs are kept in this browser when they fit).';
