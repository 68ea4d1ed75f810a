import { defineCatalog, plural } from '../catalogue.js';

// Mailing reports (Envoi, `report send`) and the outbox (Journal des courriels, `outbox`).
const catalog = defineCatalog({
  fr: {
    'mail.badAddress': 'Adresse de courriel invalide : « {address} ».',
    'mail.noRecipient': 'Indiquez au moins un destinataire (À).',
    'mail.noLink':
      'Aucun compte Gmail n’est lié : liez-le dans Options-Utilisateurs › Maintenance › Préférences ou avec « gmail connect », puis envoyez de nouveau. Rien n’a été envoyé.',
    'mail.notGmail':
      'Vos Types de courriels ne sont pas à Gmail : rien n’a été envoyé. Choisissez Gmail dans Options-Utilisateurs › Maintenance › Préférences (« :prefs » dans la console).',
    'mail.subjectTooLong': 'L’objet dépasse {max} caractères.',
    'mail.defaultSubject': '{report} — {company}',
    'mail.defaultMessage': 'Bonjour,\n\nVous trouverez ci-joint le rapport « {report} » de {company}.',
    'mail.defaultMessageNoCompany': 'Bonjour,\n\nVous trouverez ci-joint le rapport « {report} ».',
    'mail.attachmentTooLarge':
      'Le rapport fait {size}, au-delà de la limite des pièces jointes ({max}, clé MaxAttachmentMB) : rien n’a été envoyé. Choisissez une autre compagnie ou enregistrez le PDF.',
    'mail.messageTooLarge': 'Le courriel ferait {size}, au-delà de la limite de Gmail ({max}) : rien n’a été envoyé.',
    'mail.attachmentBroken': 'Le PDF du rapport est inutilisable ({reason}) : rien n’a été envoyé.',
    'mail.reason.empty': 'fichier vide',
    'mail.reason.notPdf': 'ce n’est pas un PDF',
    'mail.reason.changed': 'le fichier a changé après le rendu',
    'mail.reason.timeout': 'délai dépassé après l’envoi du message',
    'mail.reason.connectionLost': 'connexion coupée après l’envoi du message',
    'mail.reason.noId': 'réponse sans identifiant de message',
    'mail.uncertain':
      'Gmail n’a pas confirmé le courriel ({reason}) : il est peut-être parti. Il ne sera pas renvoyé automatiquement ; vérifiez le dossier « Messages envoyés » de Gmail avant de le renvoyer depuis le journal.',
    'mail.gmailUnreachable': 'Impossible de joindre Gmail ({host}) : vérifiez la connexion réseau du serveur. Rien n’a été envoyé.',
    'mail.gmailRateLimited':
      'Gmail limite les envois pour le moment (HTTP {status}) : réessayez plus tard depuis le journal des courriels. Rien n’a été envoyé.',
    'mail.gmailUnavailable':
      'Gmail ne répond pas correctement (HTTP {status}) : réessayez plus tard depuis le journal des courriels. Rien n’a été envoyé.',
    'mail.gmailRefused': 'Gmail a refusé le courriel (HTTP {status} : {reason}). Rien n’a été envoyé.',
    'mail.gmailTooLarge': 'Gmail refuse le courriel : trop volumineux. Rien n’a été envoyé.',
    'mail.scopeMissing':
      'L’autorisation « Envoyer des courriels en votre nom » manque au compte Gmail lié : reconnectez-le dans Préférences (Reconnecter) ou avec « gmail connect ». Rien n’a été envoyé.',
    'mail.cli.sent': 'Courriel envoyé à {to} avec {attachment} ({size}). Message Gmail : {gmailId}',
    'mail.cli.failed': '{reason} (courriel n° {id} dans le journal : « outbox list »)',
    'mail.gmailStalled':
      'Gmail ne reçoit plus rien depuis {seconds} s ({host}) : rien n’a été envoyé. Réessayez plus tard depuis le journal des courriels.',
    'mail.gmailWaitTooLong':
      'Gmail demande d’attendre {minutes} min avant de réessayer : rien n’a été envoyé. Renvoyez-le plus tard depuis le journal des courriels.',
    'mail.interrupted':
      'L’envoi a été interrompu (le programme qui l’envoyait s’est arrêté) avant que Gmail ait le courriel complet : rien n’a été envoyé. Renvoyez-le depuis le journal des courriels.',
    'mail.claimLost': 'Le courriel n° {id} a été pris en charge par un autre programme : cet envoi s’arrête sans rien envoyer de plus.',
    'mail.reason.senderGone': 'le programme qui l’envoyait s’est arrêté pendant l’envoi',
    'mail.reason.sessionGone': 'la session d’envoi de Gmail a expiré',
    'mail.reason.noStatus': 'Gmail n’a pas pu dire s’il a reçu le message complet',
    'mail.reason.unreadable': 'le fichier ne peut plus être lu',
    'mail.progress.render': 'Préparation du PDF…',
    'mail.progress.link': 'Vérification du lien Gmail…',
    'mail.progress.build': 'Composition du message…',
    'mail.progress.sending': 'Envoi à Gmail, essai {attempt} : {sent} sur {total} ({percent} %)',
    'mail.progress.sendingResumable': 'Envoi à Gmail par morceaux, essai {attempt} : {sent} sur {total} ({percent} %)',
    'mail.progress.waiting': 'Message transmis ({total}) : en attente de la réponse de Gmail…',
    'mail.progress.retry': 'Essai {attempt} sans réponse utilisable ({why}) : nouvel essai dans {seconds} s.',
    'mail.progress.record': 'Gmail a reçu le courriel (message {gmailId}), mais {why} : nouvel essai d’enregistrement dans {seconds} s.',
    'mail.progress.done': 'Envoyé.',
    'mail.why.rateLimited': 'Gmail limite les envois, HTTP {status}',
    'mail.why.unavailable': 'Gmail répond HTTP {status}',
    'mail.why.unreachable': 'Gmail injoignable ({host}), rien n’est parti',
    'mail.why.stalled': 'aucun octet n’a bougé depuis {seconds} s',
    'mail.why.dbBusy': 'la base de données est occupée par un autre programme',
    'mail.why.db': 'la base de données refuse l’écriture',
    'alert.mailWaiting': plural('count', {
      one: '{count} courriel en attente d’envoi depuis plus d’une minute : voir le Journal des courriels.',
      other: '{count} courriels en attente d’envoi depuis plus d’une minute : voir le Journal des courriels.',
    }),
    'mail.cli.notRecorded':
      'Le courriel est parti (message Gmail {gmailId}), mais la base de données n’a pas pu l’enregistrer à temps : ce sera fait au prochain lancement.',

    'outbox.entity': 'Courriel',
    'outbox.notYours':
      'Le courriel n° {id} a été envoyé par un autre utilisateur : seul son expéditeur peut le renvoyer, depuis son propre compte Gmail.',
    'outbox.alreadySent': 'Le courriel n° {id} a déjà été envoyé (message Gmail {gmailId}) : il n’est jamais renvoyé.',
    'outbox.noReport': 'Le courriel n° {id} n’a pas de rapport à joindre : il ne peut pas être renvoyé.',
    'outbox.busy': 'Le courriel n° {id} est en cours d’envoi : attendez la fin.',
    'outbox.uncertainNeedsForce':
      'Le courriel n° {id} est incertain : Gmail l’a peut-être déjà reçu, et le renvoyer risque d’envoyer un doublon aux destinataires. Vérifiez le dossier « Messages envoyés » de Gmail, puis confirmez le renvoi.',
    'outbox.cli.uncertainNeedsForce':
      'Le courriel n° {id} est incertain : Gmail l’a peut-être déjà reçu, et le renvoyer risque d’envoyer un doublon aux destinataires. Vérifiez le dossier « Messages envoyés » de Gmail ; pour le renvoyer quand même : outbox retry {id} --force',
    'outbox.cli.badId': 'Numéro de courriel invalide : « {id} ».',
    'outbox.cli.none': 'Aucun courriel.',
    'outbox.col.id': 'N°',
    'outbox.col.date': 'Date',
    'outbox.col.user': 'Utilisateur',
    'outbox.col.status': 'Statut',
    'outbox.col.to': 'À',
    'outbox.col.subject': 'Objet',
    'outbox.col.report': 'Rapport',
    'outbox.col.attempts': 'Essais',
    'outbox.col.gmailId': 'Message Gmail',
    'outbox.col.error': 'Erreur',
  },
  en: {
    'mail.badAddress': 'Invalid email address: "{address}".',
    'mail.noRecipient': 'Enter at least one recipient (To).',
    'mail.noLink':
      'No Gmail account is linked: link it in User options › Maintenance › Preferences or with "gmail connect", then send again. Nothing was sent.',
    'mail.notGmail':
      'Your Mail type is not Gmail: nothing was sent. Choose Gmail in User options › Maintenance › Preferences (“:prefs” in the console).',
    'mail.subjectTooLong': 'The subject is longer than {max} characters.',
    'mail.defaultSubject': '{report} — {company}',
    'mail.defaultMessage': 'Hello,\n\nPlease find attached the report "{report}" for {company}.',
    'mail.defaultMessageNoCompany': 'Hello,\n\nPlease find attached the report "{report}".',
    'mail.attachmentTooLarge':
      'The report is {size}, above the attachment limit ({max}, key MaxAttachmentMB): nothing was sent. Choose another company or save the PDF.',
    'mail.messageTooLarge': 'The mail would be {size}, above Gmail’s limit ({max}): nothing was sent.',
    'mail.attachmentBroken': 'The report PDF is unusable ({reason}): nothing was sent.',
    'mail.reason.empty': 'empty file',
    'mail.reason.notPdf': 'not a PDF',
    'mail.reason.changed': 'the file changed after rendering',
    'mail.reason.timeout': 'timed out after the message was sent',
    'mail.reason.connectionLost': 'connection lost after the message was sent',
    'mail.reason.noId': 'answer without a message id',
    'mail.uncertain':
      'Gmail did not confirm the mail ({reason}): it may have gone out. It will not be resent automatically; check the Gmail "Sent" folder before resending it from the mail log.',
    'mail.gmailUnreachable': 'Cannot reach Gmail ({host}): check the server’s network connection. Nothing was sent.',
    'mail.gmailRateLimited': 'Gmail is limiting sending right now (HTTP {status}): try again later from the mail log. Nothing was sent.',
    'mail.gmailUnavailable': 'Gmail is not answering properly (HTTP {status}): try again later from the mail log. Nothing was sent.',
    'mail.gmailRefused': 'Gmail refused the mail (HTTP {status}: {reason}). Nothing was sent.',
    'mail.gmailTooLarge': 'Gmail refuses the mail: too large. Nothing was sent.',
    'mail.scopeMissing':
      'The linked Gmail account lacks the "Send email on your behalf" permission: reconnect it in Preferences (Reconnect) or with "gmail connect". Nothing was sent.',
    'mail.cli.sent': 'Mail sent to {to} with {attachment} ({size}). Gmail message: {gmailId}',
    'mail.cli.failed': '{reason} (mail #{id} in the log: "outbox list")',
    'mail.gmailStalled': 'Gmail has received nothing for {seconds} s ({host}): nothing was sent. Try again later from the mail log.',
    'mail.gmailWaitTooLong':
      'Gmail asks to wait {minutes} min before trying again: nothing was sent. Send it again later from the mail log.',
    'mail.interrupted':
      'The send was interrupted (the program sending it stopped) before Gmail had the whole mail: nothing was sent. Send it again from the mail log.',
    'mail.claimLost': 'Mail #{id} was taken over by another program: this send stops without sending anything more.',
    'mail.reason.senderGone': 'the program sending it stopped during the upload',
    'mail.reason.sessionGone': 'Gmail’s upload session expired',
    'mail.reason.noStatus': 'Gmail could not say whether it received the whole message',
    'mail.reason.unreadable': 'the file can no longer be read',
    'mail.progress.render': 'Preparing the PDF…',
    'mail.progress.link': 'Checking the Gmail link…',
    'mail.progress.build': 'Building the message…',
    'mail.progress.sending': 'Sending to Gmail, try {attempt}: {sent} of {total} ({percent} %)',
    'mail.progress.sendingResumable': 'Sending to Gmail in chunks, try {attempt}: {sent} of {total} ({percent} %)',
    'mail.progress.waiting': 'Message handed over ({total}): waiting for Gmail’s answer…',
    'mail.progress.retry': 'Try {attempt} got no usable answer ({why}): next try in {seconds} s.',
    'mail.progress.record': 'Gmail has the mail (message {gmailId}), but {why}: recording it again in {seconds} s.',
    'mail.progress.done': 'Sent.',
    'mail.why.rateLimited': 'Gmail is limiting sends, HTTP {status}',
    'mail.why.unavailable': 'Gmail answers HTTP {status}',
    'mail.why.unreachable': 'Gmail unreachable ({host}), nothing left',
    'mail.why.stalled': 'no byte moved for {seconds} s',
    'mail.why.dbBusy': 'the database is busy with another program',
    'mail.why.db': 'the database refuses the write',
    'alert.mailWaiting': plural('count', {
      one: '{count} mail waiting to be sent for more than a minute: see the Mail log.',
      other: '{count} mails waiting to be sent for more than a minute: see the Mail log.',
    }),
    'mail.cli.notRecorded':
      'The mail went out (Gmail message {gmailId}), but the database could not record it in time: it will be at the next start.',

    'outbox.entity': 'Mail',
    'outbox.notYours': 'Mail #{id} was sent by another user: only its sender can resend it, from their own Gmail account.',
    'outbox.alreadySent': 'Mail #{id} was already sent (Gmail message {gmailId}): it is never resent.',
    'outbox.noReport': 'Mail #{id} has no report to attach: it cannot be resent.',
    'outbox.busy': 'Mail #{id} is being sent: wait for it to finish.',
    'outbox.uncertainNeedsForce':
      'Mail #{id} is uncertain: Gmail may already have received it, and resending it may deliver a duplicate to its recipients. Check the Gmail "Sent" folder, then confirm the resend.',
    'outbox.cli.uncertainNeedsForce':
      'Mail #{id} is uncertain: Gmail may already have received it, and resending it may deliver a duplicate to its recipients. Check the Gmail "Sent" folder; to resend it anyway: outbox retry {id} --force',
    'outbox.cli.badId': 'Invalid mail number: "{id}".',
    'outbox.cli.none': 'No mail.',
    'outbox.col.id': '#',
    'outbox.col.date': 'Date',
    'outbox.col.user': 'User',
    'outbox.col.status': 'Status',
    'outbox.col.to': 'To',
    'outbox.col.subject': 'Subject',
    'outbox.col.report': 'Report',
    'outbox.col.attempts': 'Tries',
    'outbox.col.gmailId': 'Gmail message',
    'outbox.col.error': 'Error',
  },
});
export default catalog;
