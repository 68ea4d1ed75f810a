// The consent page's own words. They belong to the simulated Google, not to the console:
// the page is read in a browser, in the language the console asked for (hl=fr|en).
export type PageLang = 'fr' | 'en';

const fr = {
  title: 'Connexion — Google (simulateur)',
  banner: 'Simulateur Google de Prextra (mode SANDBOX) : aucun vrai compte Google n’est utilisé.',
  heading: 'Prextra souhaite accéder à votre compte Google',
  account: 'Compte Google',
  wants: 'Prextra pourra :',
  scopeOpenid: 'Vous associer à vos informations personnelles sur Google',
  scopeEmail: 'Voir l’adresse e-mail principale de votre compte Google',
  scopeSend: 'Envoyer des e-mails en votre nom',
  redirectTo: 'Vous serez redirigé vers {uri}',
  allow: 'Autoriser',
  deny: 'Refuser',
  errorTitle: 'Erreur — Google (simulateur)',
  errorHeading: 'Erreur {status} : {code}',
  errClient: 'Client OAuth introuvable.',
  errRedirect: 'Adresse de redirection non permise : {uri} (attendu http://127.0.0.1:PORT/oauth2callback).',
  errResponseType: 'response_type doit valoir « code ».',
  errPkce: 'PKCE obligatoire : code_challenge avec code_challenge_method=S256.',
  errScope: 'Autorisation non permise : {scopes}.',
  errConsentGone: 'Cette page de consentement a expiré : recommencez depuis Prextra.',
  errEmail: 'Saisissez une adresse de courriel valide.',
};

type PageText = keyof typeof fr;

const en: Record<PageText, string> = {
  title: 'Sign in — Google (simulator)',
  banner: 'Prextra’s Google simulator (SANDBOX mode): no real Google account is used.',
  heading: 'Prextra wants to access your Google Account',
  account: 'Google Account',
  wants: 'This will allow Prextra to:',
  scopeOpenid: 'Associate you with your personal info on Google',
  scopeEmail: 'See your primary Google Account email address',
  scopeSend: 'Send email on your behalf',
  redirectTo: 'You will be redirected to {uri}',
  allow: 'Allow',
  deny: 'Deny',
  errorTitle: 'Error — Google (simulator)',
  errorHeading: 'Error {status}: {code}',
  errClient: 'The OAuth client was not found.',
  errRedirect: 'Redirect address not allowed: {uri} (expected http://127.0.0.1:PORT/oauth2callback).',
  errResponseType: 'response_type must be "code".',
  errPkce: 'PKCE required: code_challenge with code_challenge_method=S256.',
  errScope: 'Scope not allowed: {scopes}.',
  errConsentGone: 'This consent page has expired: start again from Prextra.',
  errEmail: 'Enter a valid e-mail address.',
};

const PAGES: Record<PageLang, Record<PageText, string>> = { fr, en };

/** The page text `key` in `lang`, with {name} placeholders filled. */
export function pageText(lang: PageLang, key: PageText, params: Record<string, string | number> = {}): string {
  return PAGES[lang][key].replace(/\{(\w+)\}/g, (m, name: string) => (params[name] === undefined ? m : String(params[name])));
}
