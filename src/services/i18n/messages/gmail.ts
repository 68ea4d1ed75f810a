import { defineCatalog, plural } from '../catalogue.js';

// Préférences, the Gmail link, and the Google simulator's pages.
const catalog = defineCatalog({
  fr: {
    'gmail.noClient':
      'Aucun client OAuth Google n’est configuré : un administrateur doit saisir GmailClientId et GmailClientSecret (client « Application de bureau » de Google Cloud) dans Gestion de système › Maintenance › Configuration, ou définir PRX_GOOGLE_CLIENT_ID et PRX_GOOGLE_CLIENT_SECRET.',
    'gmail.noEmail':
      'La fiche de l’utilisateur {code} n’a pas de Courriel : saisissez l’adresse Gmail dans Gestion de système › Maintenance › Utilisateurs, champ Courriel, puis recommencez.',
    'gmail.notOffered':
      'Le type de courriel Gmail n’est pas offert : un administrateur doit ajouter « gmail » à la clé UserMaintenanceShowFields (Champs offerts) dans Gestion de système › Maintenance › Configuration.',
    'gmail.badUrl': '{name} n’est pas une adresse valide : « {value} ».',
    'gmail.insecureEndpoint':
      'Refusé : {name} doit être une adresse https:// (http:// seulement vers cette machine : 127.0.0.1, ::1, localhost), pas « {value} ».',
    'gmail.badPort': 'Port de retour OAuth invalide « {value} » ({source}) : nombre entier de 1024 à 65535 attendu.',
    'gmail.portInUse':
      'Le port {port} de 127.0.0.1 est déjà utilisé : fermez le programme qui l’occupe ou choisissez un autre port (--port, PRX_OAUTH_PORT ou OAuthCallbackPort).',
    'gmail.listenFailed': 'Impossible d’écouter sur 127.0.0.1:{port} ({code}) : choisissez un autre port.',
    'gmail.pasteMalformed':
      'Ce n’est pas l’adresse de retour de Google : collez l’adresse complète affichée par le navigateur, qui commence par http://127.0.0.1:…/oauth2callback?',
    'gmail.pasteOtherAttempt':
      'Cette adresse vient d’une autre tentative de liaison : collez celle de la page de Google ouverte pour cette tentative-ci.',
    'gmail.alreadyReceived': 'La réponse de Google a déjà été reçue : validation en cours.',
    'gmail.attemptOver': 'Cette tentative de liaison est terminée : recommencez.',
    'gmail.denied':
      'L’accès a été refusé sur la page de Google : rien n’a été changé. Application non validée, utilisateur hors des utilisateurs test ? Voir « Use a real Google account » dans le README.',
    'gmail.authError':
      'Google a interrompu l’autorisation ({code}) : rien n’a été changé. Voir « Use a real Google account » dans le README.',
    'gmail.timeout': plural('minutes', {
      one: 'Aucune réponse de Google après {minutes} minute : rien n’a été changé. Recommencez la liaison ; si la page de Google a affiché une erreur (org_internal, access_denied…), voir « Use a real Google account » dans le README.',
      other:
        'Aucune réponse de Google après {minutes} minutes : rien n’a été changé. Recommencez la liaison ; si la page de Google a affiché une erreur (org_internal, access_denied…), voir « Use a real Google account » dans le README.',
    }),
    'gmail.cancelled': 'Liaison Gmail annulée : rien n’a été changé.',
    'gmail.codeRejected': 'Google a refusé le code d’autorisation (déjà utilisé ou expiré) : rien n’a été changé. Recommencez la liaison.',
    'gmail.clientRejected':
      'Google refuse le client OAuth configuré (identifiant ou secret erroné) : un administrateur doit vérifier GmailClientId et GmailClientSecret.',
    'gmail.tokenRefused': 'Google a refusé la demande de jeton ({code}) : rien n’a été changé.',
    'gmail.googleUnavailable':
      'Le service d’authentification de Google ne répond pas correctement (HTTP {status}) : réessayez dans quelques minutes.',
    'gmail.googleUnreachable': 'Impossible de joindre Google ({host}) : vérifiez la connexion réseau du serveur.',
    'gmail.noRefreshToken': 'Google n’a pas fourni de jeton d’actualisation : rien n’a été enregistré. Recommencez la liaison.',
    'gmail.noIdToken': 'Google n’a pas indiqué l’adresse du compte : rien n’a été enregistré. Recommencez la liaison.',
    'gmail.idTokenInvalid': 'Le jeton d’identité reçu de Google est invalide : rien n’a été enregistré.',
    'gmail.wrongAccount':
      'Vous avez autorisé le compte {got}, mais le Courriel de la fiche est {expected} : rien n’a été enregistré. Recommencez en choisissant {expected} sur la page de Google.',
    'gmail.emailUnverified': 'L’adresse {got} n’est pas vérifiée chez Google : rien n’a été enregistré.',
    'gmail.scopeMissing':
      'L’autorisation « Envoyer des courriels en votre nom » n’a pas été accordée : cochez-la sur la page de Google. Rien n’a été enregistré.',
    'gmail.scopeLost':
      'Google n’accorde plus l’envoi de courriels à Prextra : reconnectez le compte Gmail (Préférences › Reconnecter ou « gmail connect »).',
    'gmail.notLinked':
      'Aucun compte Gmail n’est lié : liez-le dans Options-Utilisateurs › Maintenance › Préférences ou avec « gmail connect ».',
    'gmail.needsRelink':
      'Google refuse l’accès enregistré au compte Gmail (révoqué, ou expiré : tous les 7 jours tant que l’application Google est en mode Test) : reconnectez-le dans Préférences (Reconnecter) ou avec « gmail connect » ; voir « Use a real Google account » dans le README.',
    'gmail.revokeFailed': 'La révocation chez Google a échoué ({reason}).',
    'gmail.revokePending':
      'Liaison Gmail retirée ici, mais Google n’a pas confirmé la révocation ({reason}) : elle sera refaite au prochain démarrage ou à la prochaine connexion.',

    'gmail.status.linked': 'Lié',
    'gmail.status.needs_relink': 'À reconnecter',
    'gmail.status.revoked': 'Révoqué',
    'gmail.status.none': 'Non lié',
    'gmail.field.address': 'Adresse Google',
    'gmail.field.scopes': 'Autorisations',
    'gmail.field.status': 'Statut',
    'gmail.field.lastRefresh': 'Dernière actualisation',
    'gmail.field.linkedAt': 'Lié le',
    'gmail.field.lastError': 'Dernière erreur',

    'gmail.page.title': 'Prextra — liaison Gmail',
    'gmail.page.success': 'Le compte {address} est lié. Vous pouvez fermer cette page et retourner au terminal.',
    'gmail.page.back': 'Retournez au terminal.',
    'gmail.page.wrongState':
      'Cette réponse appartient à une autre tentative de liaison : elle est ignorée. Retournez au terminal et utilisez l’adresse affichée pour la tentative en cours.',
    'gmail.page.already': 'La réponse de Google a déjà été reçue. Retournez au terminal.',
    'gmail.page.malformed': 'Réponse de Google incomplète. Retournez au terminal.',

    'gmail.cli.openUrl': 'Pour autoriser Prextra à envoyer des courriels avec {email}, ouvrez cette adresse dans un navigateur :',
    'gmail.cli.browserOpened': 'Le navigateur a été ouvert sur cette adresse.',
    'gmail.cli.sshHint': 'Navigateur sur un autre poste ? Ouvrez d’abord ce tunnel depuis ce poste :',
    'gmail.cli.paste': 'Si le navigateur affiche « impossible de se connecter », collez ici l’adresse complète puis Entrée.',
    'gmail.cli.waiting': plural('minutes', {
      one: 'En attente de la réponse de Google (au plus {minutes} minute)…',
      other: 'En attente de la réponse de Google (au plus {minutes} minutes)…',
    }),
    'gmail.cli.linked': 'Compte Gmail lié : {address}.',
    'gmail.cli.testOk': 'Liaison Gmail fonctionnelle : {address} ({scopes}).',
    'gmail.cli.disconnected': 'Accès révoqué chez Google et jetons supprimés pour {address}.',

    'prefs.entity': 'Le profil de préférences de l’utilisateur',
    'prefs.title': 'Préférences',
    'prefs.mailType': 'Types de courriels',
    'prefs.mailType.aucun': 'Aucun',
    'prefs.mailType.gmail': 'Gmail',
    'prefs.gmailNotOffered':
      'Gmail n’est pas offert : un administrateur doit ajouter « gmail » à UserMaintenanceShowFields (Champs offerts) dans Gestion de système › Maintenance › Configuration.',
    'prefs.noEmail':
      'Saisissez d’abord votre adresse Gmail dans le champ Courriel de votre fiche (Gestion de système › Maintenance › Utilisateurs).',
    'prefs.testConfirm': 'Tester la connexion avec Gmail ?',
    'prefs.link': 'Liaison Gmail',
    'prefs.notLinked': 'Aucun compte Gmail lié.',
    'prefs.test': 'Tester',
    'prefs.relink': 'Reconnecter',
    'prefs.revoke': 'Révoquer',
    'prefs.revokeConfirm': 'Révoquer l’accès de Prextra au compte {address} ?',
    'prefs.openUrl': 'Ouvrez cette adresse dans un navigateur pour autoriser Prextra :',
    'prefs.browserOpened': 'Le navigateur a été ouvert. Autorisez Prextra sur la page de Google.',
    'prefs.paste': 'Si votre navigateur affiche « impossible de se connecter », collez l’adresse complète ici :',
    'prefs.sshHint': 'Navigateur sur un autre poste ? Tunnel SSH :',
    'prefs.waiting': 'En attente de Google… (Échap pour annuler)',
    'prefs.linked': 'Compte {address} lié.',
    'prefs.testOk': 'Connexion Gmail vérifiée.',
    'prefs.revoked': 'Accès révoqué.',
  },
  en: {
    'gmail.noClient':
      'No Google OAuth client is configured: an administrator must enter GmailClientId and GmailClientSecret (a Google Cloud "Desktop app" client) in System management › Maintenance › Configuration, or set PRX_GOOGLE_CLIENT_ID and PRX_GOOGLE_CLIENT_SECRET.',
    'gmail.noEmail':
      'User {code} has no E-mail on their record: enter the Gmail address in System management › Maintenance › Users, E-mail field, then try again.',
    'gmail.notOffered':
      'The Gmail mail type is not offered: an administrator must add "gmail" to the UserMaintenanceShowFields key (Fields offered) in System management › Maintenance › Configuration.',
    'gmail.badUrl': '{name} is not a valid address: "{value}".',
    'gmail.insecureEndpoint':
      'Refused: {name} must be an https:// address (http:// only to this machine: 127.0.0.1, ::1, localhost), not "{value}".',
    'gmail.badPort': 'Invalid OAuth callback port "{value}" ({source}): a whole number from 1024 to 65535 is expected.',
    'gmail.portInUse':
      'Port {port} on 127.0.0.1 is already in use: close the program using it or choose another port (--port, PRX_OAUTH_PORT or OAuthCallbackPort).',
    'gmail.listenFailed': 'Cannot listen on 127.0.0.1:{port} ({code}): choose another port.',
    'gmail.pasteMalformed':
      'This is not Google’s return address: paste the whole address shown by the browser, starting with http://127.0.0.1:…/oauth2callback?',
    'gmail.pasteOtherAttempt': 'This address comes from another link attempt: paste the one from the Google page opened for this attempt.',
    'gmail.alreadyReceived': 'Google’s answer was already received: checking it.',
    'gmail.attemptOver': 'This link attempt is over: start again.',
    'gmail.denied':
      'Access was denied on Google’s page: nothing was changed. An unverified app, a user not among the test users? See "Use a real Google account" in the README.',
    'gmail.authError': 'Google stopped the authorisation ({code}): nothing was changed. See "Use a real Google account" in the README.',
    'gmail.timeout': plural('minutes', {
      one: 'No answer from Google after {minutes} minute: nothing was changed. Start the link again; if Google’s page showed an error (org_internal, access_denied…), see "Use a real Google account" in the README.',
      other:
        'No answer from Google after {minutes} minutes: nothing was changed. Start the link again; if Google’s page showed an error (org_internal, access_denied…), see "Use a real Google account" in the README.',
    }),
    'gmail.cancelled': 'Gmail link cancelled: nothing was changed.',
    'gmail.codeRejected': 'Google refused the authorisation code (already used or expired): nothing was changed. Start the link again.',
    'gmail.clientRejected':
      'Google refuses the configured OAuth client (wrong ID or secret): an administrator must check GmailClientId and GmailClientSecret.',
    'gmail.tokenRefused': 'Google refused the token request ({code}): nothing was changed.',
    'gmail.googleUnavailable': 'Google’s authentication service is not answering properly (HTTP {status}): try again in a few minutes.',
    'gmail.googleUnreachable': 'Cannot reach Google ({host}): check the server’s network connection.',
    'gmail.noRefreshToken': 'Google did not provide a refresh token: nothing was saved. Start the link again.',
    'gmail.noIdToken': 'Google did not say which account this is: nothing was saved. Start the link again.',
    'gmail.idTokenInvalid': 'The identity token received from Google is invalid: nothing was saved.',
    'gmail.wrongAccount':
      'You authorised the account {got}, but the record’s E-mail is {expected}: nothing was saved. Start again and choose {expected} on Google’s page.',
    'gmail.emailUnverified': 'The address {got} is not verified at Google: nothing was saved.',
    'gmail.scopeMissing': 'The "Send email on your behalf" permission was not granted: tick it on Google’s page. Nothing was saved.',
    'gmail.scopeLost': 'Google no longer lets Prextra send mail: reconnect the Gmail account (Preferences › Reconnect or "gmail connect").',
    'gmail.notLinked': 'No Gmail account is linked: link it in User options › Maintenance › Preferences or with "gmail connect".',
    'gmail.needsRelink':
      'Google refuses the stored access to the Gmail account (revoked, or expired: every 7 days while the Google app is in Testing): reconnect it in Preferences (Reconnect) or with "gmail connect"; see "Use a real Google account" in the README.',
    'gmail.revokeFailed': 'Revocation at Google failed ({reason}).',
    'gmail.revokePending':
      'Gmail link withdrawn here, but Google did not confirm the revocation ({reason}): it will be done again at the next start-up or login.',

    'gmail.status.linked': 'Linked',
    'gmail.status.needs_relink': 'Needs reconnecting',
    'gmail.status.revoked': 'Revoked',
    'gmail.status.none': 'Not linked',
    'gmail.field.address': 'Google address',
    'gmail.field.scopes': 'Permissions',
    'gmail.field.status': 'Status',
    'gmail.field.lastRefresh': 'Last refresh',
    'gmail.field.linkedAt': 'Linked on',
    'gmail.field.lastError': 'Last error',

    'gmail.page.title': 'Prextra — Gmail link',
    'gmail.page.success': 'The account {address} is linked. You may close this page and return to the terminal.',
    'gmail.page.back': 'Return to the terminal.',
    'gmail.page.wrongState':
      'This answer belongs to another link attempt: it is ignored. Return to the terminal and use the address shown for the current attempt.',
    'gmail.page.already': 'Google’s answer was already received. Return to the terminal.',
    'gmail.page.malformed': 'Incomplete answer from Google. Return to the terminal.',

    'gmail.cli.openUrl': 'To let Prextra send mail as {email}, open this address in a browser:',
    'gmail.cli.browserOpened': 'The browser was opened at this address.',
    'gmail.cli.sshHint': 'Browser on another computer? First open this tunnel from that computer:',
    'gmail.cli.paste': 'If the browser shows "cannot connect", paste the whole address here and press Enter.',
    'gmail.cli.waiting': plural('minutes', {
      one: 'Waiting for Google’s answer (at most {minutes} minute)…',
      other: 'Waiting for Google’s answer (at most {minutes} minutes)…',
    }),
    'gmail.cli.linked': 'Gmail account linked: {address}.',
    'gmail.cli.testOk': 'Gmail link works: {address} ({scopes}).',
    'gmail.cli.disconnected': 'Access revoked at Google and tokens deleted for {address}.',

    'prefs.entity': 'The preferences record of user',
    'prefs.title': 'Preferences',
    'prefs.mailType': 'Mail type',
    'prefs.mailType.aucun': 'None',
    'prefs.mailType.gmail': 'Gmail',
    'prefs.gmailNotOffered':
      'Gmail is not offered: an administrator must add "gmail" to UserMaintenanceShowFields (Fields offered) in System management › Maintenance › Configuration.',
    'prefs.noEmail': 'First enter your Gmail address in the E-mail field of your record (System management › Maintenance › Users).',
    'prefs.testConfirm': 'Test the connection with Gmail?',
    'prefs.link': 'Gmail link',
    'prefs.notLinked': 'No Gmail account linked.',
    'prefs.test': 'Test',
    'prefs.relink': 'Reconnect',
    'prefs.revoke': 'Revoke',
    'prefs.revokeConfirm': 'Revoke Prextra’s access to the account {address}?',
    'prefs.openUrl': 'Open this address in a browser to authorise Prextra:',
    'prefs.browserOpened': 'The browser was opened. Authorise Prextra on Google’s page.',
    'prefs.paste': 'If your browser shows "cannot connect", paste the whole address here:',
    'prefs.sshHint': 'Browser on another computer? SSH tunnel:',
    'prefs.waiting': 'Waiting for Google… (Esc to cancel)',
    'prefs.linked': 'Account {address} linked.',
    'prefs.testOk': 'Gmail connection checked.',
    'prefs.revoked': 'Access revoked.',
  },
});
export default catalog;
