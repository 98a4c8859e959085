"""What kind of line a WhatsApp or Signal message body is: a message, a file attached or left out,
a sticker, a deleted message, or a system line (the encryption notice, joins, subject changes), in
the languages WhatsApp writes them. Split from whatsapp.py, which reads the headers and dates."""

from __future__ import annotations

import re

from .base import Kind

LRM = "\u200e\u200f\ufeff"  # direction marks iOS sprinkles at the start of lines and texts

_ATTACHED_ANDROID = re.compile(
    r"(?P<file>[^\n/\\]{1,255}?\.\w{1,8})"
    r" \((?:fichier joint|file attached|Datei angehängt|archivo adjunto|bestand bijgevoegd"
    r"|file allegato|arquivo anexado|ficheiro anexado|liitetty tiedosto)\)"
)
_ATTACHED_IOS = re.compile(
    r"<(?:attached|joint|pièce jointe|Anhang|adjunto|bijlage|allegato|anexo|liite)"
    r"\s?:\s?(?P<file>[^>\n/\\]{1,255})>"
)
# Android writes one marker for any media left out of the export; iOS one per type of media.
_MEDIA_OMITTED = (
    r"Médias omis|Media omitted|Medien ausgeschlossen|Multimedia omitido|Media weggelaten"
    r"|Media omessi|Mídia oculta|Ficheiro multimédia omitido|Arquivo de mídia oculto"
    r"|Media jätetty pois|Media utelämnad|Medier udeladt|Media utelatt|Multimedia pominięte"
)
_TYPE = (
    r"image|vidéo|video|audio|GIF|document|Bild|Dokument|imagen|documento|afbeelding"
    r"|immagine|imagem|vídeo|áudio|kuva|ääni|asiakirja"
)
_STICKER = r"sticker|autocollant|pegatina|figurinha|adesivo|tarra"
_LEFT_OUT = (
    r"omitted|absente?|omise?|weggelassen|omitido|omitida|weggelaten|omessa|omesso"
    r"|ocultad[oa]|omitid[oa]|jätetty pois"
)
_OMITTED = re.compile(rf"<?(?:{_MEDIA_OMITTED}|(?:{_TYPE})\s(?:{_LEFT_OUT}))>?", re.IGNORECASE)
_STICKER_OMITTED = re.compile(rf"<?(?:{_STICKER})\s(?:{_LEFT_OUT})>?", re.IGNORECASE)
# Android names a sticker file STK-...webp, iOS ...-STICKER-....webp.
_STICKER_FILE = re.compile(r"(?:^STK-|-STICKER-).*\.webp$", re.IGNORECASE)
# WhatsApp's notice at the top of every chat, which iOS may put under a person's name.
_ENCRYPTION = re.compile(
    r"(?:Messages and calls are end-to-end encrypted"
    r"|Messages (?:to|you send to) this (?:group|chat)[^.]* (?:are|are now) secured with "
    r"end-to-end encryption"
    r"|Les messages et (?:les )?appels sont chiffrés de bout en bout"
    r"|Les messages envoyés (?:dans|à) ce(?:tte)? (?:groupe|discussion)[^.]* protégés"
    r"|Nachrichten und Anrufe sind Ende-zu-Ende-verschlüsselt"
    r"|Los mensajes y las llamadas están cifrados de extremo a extremo"
    r"|Berichten en (?:oproepen|gesprekken) zijn end-to-end versleuteld"
    r"|I messaggi e le chiamate sono crittografati end-to-end"
    r"|As mensagens e (?:as )?(?:chamadas|ligações) são protegidas com a criptografia de ponta"
    r"|Viestit ja puhelut ovat päästä päähän salattuja)",
    re.IGNORECASE,
)
# The type of media a "… omitted" marker names, by its word in the languages above.
_MEDIA_TYPES = (
    ("gif", re.compile(r"\bGIF\b", re.IGNORECASE)),
    ("image", re.compile(r"image|Bild|imagen|afbeelding|immagine|imagem|kuva", re.IGNORECASE)),
    ("video", re.compile(r"vid[ée]o|vídeo", re.IGNORECASE)),
    ("audio", re.compile(r"audio|áudio|ääni", re.IGNORECASE)),
    ("document", re.compile(r"document|Dokument|documento|asiakirja", re.IGNORECASE)),
)
_DELETED = {
    "ce message a été supprimé",
    "vous avez supprimé ce message",
    "this message was deleted",
    "you deleted this message",
    "diese nachricht wurde gelöscht",
    "du hast diese nachricht gelöscht",
    "se eliminó este mensaje",
    "este mensaje fue eliminado",
    "eliminaste este mensaje",
    "dit bericht is verwijderd",
    "je hebt dit bericht verwijderd",
    "questo messaggio è stato eliminato",
    "hai eliminato questo messaggio",
    "mensagem apagada",
    "esta mensagem foi apagada",
    "você apagou esta mensagem",
    "tämä viesti poistettiin",
    "poistit tämän viestin",
}
# System lines whose wording contains ": " (the subject or description they quote).
_SYSTEM_BEFORE_COLON = re.compile(
    r"(?:a modifié|a changé|changed|hat .* geändert|cambió|ha cambiado|created group|a créé"
    r"|heeft .* gewijzigd|heeft .* veranderd)",
    re.IGNORECASE,
)


def omitted_marker(text: str) -> str | None:
    """What a marker an export wrote in place of a file it left out names ("sticker",
    "image", "video", "audio", "gif", "document", or "media" for Android's one marker for any
    media), or None when `text` is not such a marker: documents say it in their own language."""
    first_line = text.split("\n", 1)[0].strip(LRM + " ")
    if _STICKER_OMITTED.fullmatch(first_line):
        return "sticker"
    if not _OMITTED.fullmatch(first_line):
        return None
    for name, words in _MEDIA_TYPES:
        if words.search(first_line):
            return name
    return "media"


def classify(body: str) -> tuple[str | None, Kind, str, tuple[str, ...]]:
    """(author, kind, text, attachment names) of a message body 'Author: text' or a system line."""
    if body[:1] in LRM:
        return None, "system", body.lstrip(LRM), ()
    author, sep, text = body.partition(": ")
    if not sep or "\n" in author or len(author) > 100 or _SYSTEM_BEFORE_COLON.search(author):
        return None, "system", body, ()
    marked = text[:1] in LRM
    text = text.lstrip(LRM)
    if _ENCRYPTION.match(text):
        return None, "system", f"{author}: {text}", ()
    first_line = text.split("\n", 1)[0].strip(LRM + " ")
    attached = _ATTACHED_IOS.match(first_line) or _ATTACHED_ANDROID.fullmatch(first_line)
    if attached:
        name = attached["file"].strip(LRM + " ")
        kind: Kind = "sticker" if _STICKER_FILE.search(name) else "attachment"
        return author, kind, text, (name,)
    if _STICKER_OMITTED.fullmatch(first_line):
        return author, "sticker", text, ()
    if _OMITTED.fullmatch(first_line):
        return author, "attachment", text, ()
    if text.strip(LRM + " .").casefold() in _DELETED:
        return author, "deleted", text, ()
    if marked:
        # iOS marks system lines it attributes to the group or to a person with a leading LRM.
        return None, "system", f"{author}: {text}", ()
    return author, "message", text, ()
