import type { Catalog } from '../index.js';

const catalog: Catalog = {
  fr: {},
  en: {},
};
export default catalog;
