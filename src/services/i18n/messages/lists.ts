import { defineCatalog } from '../catalogue.js';

// Lists and reports at scale: capped counts, progress of long reports, `users list` output.
const catalog = defineCatalog({
  fr: {
    'app.pageOpen': 'Page {page}',
    'audit.readingOlder': 'Lecture des entrées plus anciennes…',
    'report.progress': '{code} : {read} lignes lues sur {rows}, page {page} de {pages}',
  },
  en: {
    'app.pageOpen': 'Page {page}',
    'audit.readingOlder': 'Reading older entries…',
    'report.progress': '{code}: {read} of {rows} rows read, page {page} of {pages}',
  },
});

export default catalog;
