"""Words the redaction check knows are not people's names, folded (lower case, no accents).

Kept apart from redaction.py so that the lists can grow without crowding the logic: a word added
here is never taken for a name, in the alert or in the notice.
"""

from __future__ import annotations

from relais.alerts.categories import french_words
from relais.schools.names import words

# Capitalised words that are not names. Folded (lower case, no accents).
_STOP_TEXT = """
    a au aux avec ce ces cet cette c ca car chez comme dans de des depuis donc du elle elles en
    et eux il ils j je la le les leur leurs lui ma mais me mes moi mon ne ni nos notre nous on
    ou par pas pour qu que qui sa sans se ses si son sur ta te tes toi ton tu un une vos votre
    vous y ainsi alors apres aussi avant bien bonjour bonsoir cependant chaque cela celui ceux
    certains enfin ensuite hier aujourd demain encore jamais maintenant merci meme non oui
    parfois peut plus puis quand quelqu quelque rien tous tout toute toutes tres voici voila
    madame monsieur mademoiselle mme mlle mr m dr prof professeur professeure directeur
    directrice direction ecole college lycee athenee institut academie rectorat classe eleve
    eleves educateur educatrice surveillant surveillante cpe cpms pms pse amo saj police
    gendarmerie lundi mardi mercredi jeudi vendredi samedi dimanche janvier fevrier mars avril
    mai juin juillet aout septembre octobre novembre decembre noel paques toussaint carnaval
    rentree france belgique bruxelles wallonie flandre europe internet dieu whatsapp instagram
    insta snapchat snap tiktok facebook youtube discord telegram twitter roblox twitch messenger
    google apple iphone android sms pharos smartschool fortnite minecraft ecoledirecte
    itslearning teams zoom whatsapp
"""
STOP_WORDS = frozenset(_STOP_TEXT.split())
# Capitalised words the recogniser takes for entities that are not people: words a notice starts
# sentences with, and (below) every word of the categories' French words, read from the one
# category list so that a new category never reads as a name. Folded.
_NOT_NAMES_TEXT = """
    harcelement cyberharcelement humiliation humiliations intimidation intimidations menace
    menaces agression agressions chantage violence violences insultes insulte moqueries
    exclusion racket coups images diffusion atteinte mineur mineure faits situation alerte
    signalement eleve enfant parent parents mere pere famille fille fils soeur frere victime
    auteur auteurs temoin objet reference rappel relance code decret article loi circulaire
    federation communaute academie ministere education nationale service centre mediation
    procedure plateforme relais cordialement salutations veuillez pourriez pouvez
    tiktoker youtubeur whatsapp x vol vols coup coups photo photos video videos message messages
    groupe groupes compte comptes profil reseau reseaux story stories commentaire commentaires
    cour cantine refectoire gymnase vestiaire vestiaires toilettes couloir couloirs preau bus
    sortie entree recreation recre midi soir matin cours examen devoirs telephone portable
    plainte menace harceleur harceleuse harceleurs bagarre bousculade crachats surnom surnoms
"""
NOT_NAMES = STOP_WORDS | frozenset(_NOT_NAMES_TEXT.split()) | frozenset(words(french_words()))
