// The shape of the message catalogue: French is the typed source of the keys and of each
// message's parameters; English must give every key (a missing or stray entry does not
// compile). The feature files (messages/*.ts) each define one catalogue with defineCatalog.

export type Lang = 'fr' | 'en';

/** The forms of a message that depends on a number, chosen by Intl.PluralRules. */
export type PluralForms = { readonly other: string } & { readonly [C in Exclude<Intl.LDMLPluralRule, 'other'>]?: string };

/** A message whose wording depends on the number given as parameter `count`. */
export interface Plural<P extends string = string, F extends PluralForms = PluralForms> {
  readonly kind: 'plural';
  readonly count: P;
  readonly forms: F;
}

export type Message = string | Plural;
export type Messages = { readonly [key: string]: Message };

/** One message with forms for one, other (and French "many": a million) of parameter `count`. */
export function plural<const P extends string, const F extends PluralForms>(count: P, forms: F): Plural<P, F> {
  return { kind: 'plural', count, forms };
}

/** Every key of the French source, each with a message (string or plural) in the other language. */
export type Translation<F extends Messages> = { readonly [K in keyof F]: Message };

export interface Catalog<F extends Messages = Messages> {
  readonly fr: F;
  readonly en: Translation<F>;
}

/** The French entries keep their literal types (keys and parameter names are read from them). */
export function defineCatalog<const F extends Messages>(catalog: { readonly fr: F; readonly en: NoInfer<Translation<F>> }): Catalog<F> {
  return catalog;
}

// Parameters are read from the French text: "{name}" placeholders, and a plural's count.
type Placeholders<S> = S extends `${string}{${infer P}}${infer Rest}` ? P | Placeholders<Rest> : never;
export type ParamNames<M> = M extends Plural<infer P, infer F> ? P | Placeholders<F[keyof F]> : Placeholders<M>;
export type CountName<M> = M extends Plural<infer P> ? P : never;
