import { defineCatalog } from '../catalogue.js';

// One database, several servers: the shared secret key, its fingerprint, `secret rotate`.
const catalog = defineCatalog({
  fr: {
    'secret.wrongKey':
      'La clé secrète de ce serveur ({source}) n’est pas celle de cette base de données : définissez PRX_SECRET_KEY_FILE (ou PRX_SECRET_KEY) avec la clé des autres serveurs.',
    'secret.rotateUnreadable': 'Rotation annulée, rien n’a changé : le secret {where} ne se lit pas avec la clé actuelle.',
    'secret.rotateNeedsFile':
      'La clé vient de PRX_SECRET_KEY : donnez --new-key-file FICHIER pour la nouvelle clé, puis mettez-la dans PRX_SECRET_KEY de chaque serveur.',
    'secret.newKeyExists': 'Le fichier {path} existe déjà et n’est pas une clé valide : choisissez un autre fichier.',
    'secret.rotated':
      '{count} secret(s) rechiffré(s) avec la nouvelle clé, écrite dans {path}. Chaque serveur de cette base doit maintenant utiliser ce fichier (PRX_SECRET_KEY_FILE={path}).',
    'secret.rotatedInPlace':
      '{count} secret(s) rechiffré(s) avec la nouvelle clé, qui remplace celle de {path}. Les autres serveurs de cette base doivent recevoir ce fichier.',
    'help.secret': 'la clé secrète partagée par les serveurs d’une même base',
    'help.secret.status': 'd’où vient la clé de ce serveur, son empreinte et celle de la base',
    'help.secret.rotate': 'une nouvelle clé : chaque secret rechiffré avec elle, en une transaction',
    'help.opt.newKeyFile': 'le fichier de la nouvelle clé (créé, mode 640, s’il n’existe pas)',
    'help.note.secretRotate':
      'Sans --new-key-file, le fichier de clé en usage est remplacé une fois la base à jour. Arrêtez d’abord les autres serveurs ; ils repartent avec la nouvelle clé.',
    'secret.status.source': 'Clé de ce serveur',
    'secret.status.fingerprint': 'Empreinte de cette clé',
    'secret.status.database': 'Empreinte de la base',
    'secret.status.none': '(aucun secret enregistré)',
    'secret.status.ok': 'La clé est celle de la base.',
    'errors.secretKeyFileMode':
      'Le fichier de clé {path} (PRX_SECRET_KEY_FILE) est accessible à d’autres que son groupe (mode {mode}) : faites « chmod 640 {path} ».',
    'errors.secretKeyFileMissing': 'Le fichier de clé {path} (PRX_SECRET_KEY_FILE) est introuvable ou illisible pour cet utilisateur.',
  },
  en: {
    'secret.wrongKey':
      'This server’s secret key ({source}) is not this database’s: set PRX_SECRET_KEY_FILE (or PRX_SECRET_KEY) to the key the other servers use.',
    'secret.rotateUnreadable': 'Rotation cancelled, nothing changed: the secret {where} does not read with the current key.',
    'secret.rotateNeedsFile':
      'The key comes from PRX_SECRET_KEY: give --new-key-file FILE for the new key, then put it in every server’s PRX_SECRET_KEY.',
    'secret.newKeyExists': 'The file {path} already exists and is not a valid key: choose another file.',
    'secret.rotated':
      '{count} secret(s) re-encrypted with the new key, written to {path}. Every server of this database must now use that file (PRX_SECRET_KEY_FILE={path}).',
    'secret.rotatedInPlace':
      '{count} secret(s) re-encrypted with the new key, which replaces the one in {path}. The other servers of this database must get this file.',
    'help.secret': 'the secret key the servers of one database share',
    'help.secret.status': 'where this server’s key comes from, its fingerprint and the database’s',
    'help.secret.rotate': 'a new key: every secret re-encrypted with it, in one transaction',
    'help.opt.newKeyFile': 'the new key’s file (made, mode 640, when missing)',
    'help.note.secretRotate':
      'Without --new-key-file, the key file in use is replaced once the database is done. Stop the other servers first; they start again with the new key.',
    'secret.status.source': 'This server’s key',
    'secret.status.fingerprint': 'Fingerprint of this key',
    'secret.status.database': 'Fingerprint in the database',
    'secret.status.none': '(no secret stored yet)',
    'secret.status.ok': 'The key is the database’s.',
    'errors.secretKeyFileMode':
      'The key file {path} (PRX_SECRET_KEY_FILE) is open to others than its group (mode {mode}): run "chmod 640 {path}".',
    'errors.secretKeyFileMissing': 'The key file {path} (PRX_SECRET_KEY_FILE) is missing or unreadable for this user.',
  },
});

export default catalog;
