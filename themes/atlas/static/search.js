/* search UI: see search.js */
