import type { Catalog } from '../index.js';

// Lists and reports at scale: capped counts, progress of long reports, `users list` output.
const catalog: Catalog = {
  fr: {
    'app.rowsAtLeast': '{total}+ lignes',
    'report.progress': '{code} : {read} lignes lues sur {rows}, page {page} de {pages}',
  },
  en: {
    'app.rowsAtLeast': '{total}+ rows',
    'report.progress': '{code}: {read} of {rows} rows read, page {page} of {pages}',
  },
};

export default catalog;
