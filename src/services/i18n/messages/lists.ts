import { defineCatalog } from '../catalogue.js';

// Lists and reports at scale: capped counts, progress of long reports, `users list` output.
const catalog = defineCatalog({
  fr: {
    'app.rowsAtLeast': '{total}+ lignes',
    'app.pageOpen': 'Page {page}',
    'audit.readingOlder': 'Lecture des entrées plus anciennes…',
    'report.progress': '{code} : {read} lignes lues sur {rows}, page {page} de {pages}',
    'errors.databaseQuery': 'requête refusée par la base de données',
  },
  en: {
    'app.rowsAtLeast': '{total}+ rows',
    'app.pageOpen': 'Page {page}',
    'audit.readingOlder': 'Reading older entries…',
    'report.progress': '{code}: {read} of {rows} rows read, page {page} of {pages}',
    'errors.databaseQuery': 'query refused by the database',
  },
});

export default catalog;
