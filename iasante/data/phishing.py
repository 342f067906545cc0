# ruff: noqa: E501 -- sentence templates are prose, not wrapped to fit a code line
"""A synthetic French corpus of hospital e-mails, phishing and legitimate (module 06).

Generated in memory, deterministically from a seed: nothing is downloaded, nothing is
committed. Every organisation, person and address is invented; links and senders use
the domains reserved for examples (``.example``, RFC 2606), so no message imitates a
real brand, a real hospital or a real address. Data card: ``data/phishing.md``.

Each message is assembled from sentence templates. Phishing and legitimate mails share
much of their vocabulary on purpose (a real IT department also writes about passwords,
a real colleague also writes « urgent »), and a share of the phishing mails is written
« carefully » (no urgency, no threat), so that a classifier is good but not perfect.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["DEFAULT_SEED", "generate_phishing_corpus", "LABELS"]

DEFAULT_SEED = 2026
#: 1 = hameçonnage (phishing), 0 = légitime
LABELS = {0: "légitime", 1: "hameçonnage"}

_FIRST = [
    "Claire",
    "Julien",
    "Nadia",
    "Thomas",
    "Sophie",
    "Karim",
    "Élodie",
    "Marc",
    "Inès",
    "Paul",
    "Camille",
    "Hugo",
    "Léa",
    "Yann",
    "Mathilde",
    "Samir",
]
_LAST = [
    "Martin",
    "Bernard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Michel",
    "Garcia",
    "Roux",
    "Fontaine",
    "Chevalier",
    "Robin",
    "Masson",
    "Henry",
]
_SERVICES = [
    "cardiologie",
    "pneumologie",
    "gériatrie",
    "médecine interne",
    "néphrologie",
    "urgences",
    "pharmacie",
    "laboratoire",
    "bloc opératoire",
    "radiologie",
]
_WARDS = _SERVICES[:6]  # services that admit patients
_DAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi"]
_HOURS = ["8 h 30", "9 h", "11 h", "12 h 30", "14 h", "16 h", "17 h 30"]

_LEGIT_DOMAIN = "chu-exemple.example"
_PHISH_DOMAINS = [
    "chu-exemple-securite.example",
    "messagerie-sante.example",
    "portail-rh-hopital.example",
    "verif-compte.example",
    "service-colis.example",
    "chu-exemple.support-it.example",
    "remboursement-sante.example",
    "intranet-chu-exemple.example",
]
#: look-alike domains that the « careful » phishing mails use: same words as the real one
_LOOKALIKE_DOMAINS = ["intranet-chu-exemple.example", "chu-exemple.intranet.example"]

_LEGIT_SUBJECTS = [
    "Planning des gardes de {day}",
    "Staff de {service} {day} à {hour}",
    "Compte rendu de la réunion de service",
    "Formation hygiène des mains",
    "Résultats disponibles dans le dossier patient",
    "Commande de la pharmacie",
    "Maintenance programmée de la messagerie",
    "Rappel : entretien annuel",
    "Urgent : transfert d'un patient en {ward}",
    "Note de la direction des soins",
    "Protocole mis à jour",
    "Pot de départ de {first}",
    "Astreinte du week-end",
]
_LEGIT_BODY = [
    "Vous trouverez ci-joint le planning des gardes du mois ; merci de signaler les échanges au secrétariat.",
    "Le staff de {service} aura lieu {day} à {hour} en salle de réunion du 3e étage.",
    "Le compte rendu de la réunion est disponible sur l'intranet, rubrique {service}.",
    "La prochaine session de formation à l'hygiène des mains aura lieu {day} à {hour}.",
    "Les résultats du bilan de votre patient sont validés et visibles dans le dossier patient informatisé.",
    "La pharmacie rappelle que les commandes de la semaine doivent être saisies avant {day} midi.",
    "La messagerie sera indisponible {day} de {hour} à 22 h pour une maintenance programmée ; aucune action n'est attendue de votre part.",
    "Rappel : la direction informatique ne vous demandera jamais votre mot de passe, ni par courriel ni par téléphone.",
    "Merci de confirmer votre présence à l'entretien annuel prévu {day} à {hour} avec votre cadre.",
    "Un patient de {ward} doit être transféré en urgence cet après-midi ; pouvez-vous me rappeler au poste 4{n3} ?",
    "Le protocole de prise en charge a été mis à jour par le comité ; la nouvelle version est dans la gestion documentaire.",
    "Nous fêtons le départ de {first} {day} à {hour} en salle de pause, venez nombreux.",
    "L'astreinte du week-end est assurée par le Dr {last} ; le numéro habituel reste valable.",
    "Pour changer votre mot de passe, passez par le portail habituel de l'intranet depuis un poste de l'hôpital.",
    "La réunion de {service} est reportée à {day} ; l'ordre du jour reste inchangé.",
    "Merci de compléter la feuille de présence avant la fin de la semaine.",
    "Le secrétariat de {service} sera fermé {day} après-midi.",
    "Le nouveau planning des gardes est en ligne ; connectez-vous à l'intranet pour le consulter.",
    "Pensez à changer votre mot de passe avant la fin du mois, depuis le portail habituel.",
    "Le document partagé par l'équipe de {service} est disponible dans l'espace commun ; identifiez-vous avec votre carte.",
    "Votre demande d'accès au dossier patient a été validée ; elle sera active {day}.",
]
_SECURITY_NOTICE = (
    "Rappel de sécurité : ne saisissez jamais votre mot de passe ou vos identifiants après "
    "avoir cliqué sur un lien reçu par courriel ; en cas de doute, vérifiez le compte auprès du support."
)
_LEGIT_CLOSING = [
    "Bonne journée,",
    "Merci d'avance,",
    "Cordialement,",
    "Bien à vous,",
    "À bientôt,",
    "Bonne garde,",
]

_PHISH_SUBJECTS = [
    "Action requise : votre compte sera suspendu",
    "Dernier avis avant désactivation",
    "Votre boîte de messagerie est pleine",
    "Remboursement en attente",
    "Votre colis n'a pas pu être livré",
    "Prime exceptionnelle : confirmez vos coordonnées",
    "Alerte de sécurité sur votre compte",
    "Mise à jour obligatoire de vos identifiants",
    "Document partagé avec vous",
    "Facture impayée n° {n5}",
    "Urgent : vérification de votre accès",
    "Maintenance de la messagerie",
    "Planning des gardes de {day}",
]
_PHISH_BODY = [
    "Votre compte de messagerie sera suspendu sous 24 heures si vous ne confirmez pas vos identifiants.",
    "Nous avons détecté une connexion inhabituelle ; vérifiez immédiatement votre compte en cliquant sur le lien ci-dessous.",
    "Votre boîte aux lettres a atteint sa limite ; connectez-vous pour augmenter votre espace de stockage.",
    "Un remboursement de {n3} euros est en attente ; saisissez vos coordonnées bancaires pour le recevoir.",
    "Votre colis est bloqué ; réglez les frais de réexpédition de 1,99 euro avant ce soir.",
    "Une prime exceptionnelle vous a été attribuée ; confirmez votre identifiant et votre mot de passe pour la percevoir.",
    "Pour des raisons de sécurité, tous les agents doivent revalider leur mot de passe avant {day}.",
    "Un document confidentiel a été partagé avec vous ; identifiez-vous pour le consulter.",
    "Sans paiement sous 48 heures, la facture sera transmise au service contentieux.",
    "Ne répondez pas à ce message ; suivez simplement le lien et saisissez vos informations de connexion.",
    "La messagerie passe à une nouvelle version ; reconnectez-vous sur le nouveau portail pour conserver vos courriels.",
    "Le planning des gardes a été modifié ; connectez-vous avec vos identifiants habituels pour le consulter.",
    "Votre accès au dossier patient expire aujourd'hui ; renouvelez-le en saisissant votre mot de passe.",
]
_PHISH_CLOSING = [
    "Le service informatique",
    "L'équipe sécurité",
    "Service client",
    "Cordialement,",
    "Merci de votre réactivité,",
    "Le support technique",
]
_PHISH_URGENCY = ["URGENT", "Dernier rappel", "Immédiatement", "Sous 24 heures", "Action requise"]


def _fill(template: str, rng: np.random.Generator) -> str:
    return template.format(
        day=rng.choice(_DAYS),
        hour=rng.choice(_HOURS),
        service=rng.choice(_SERVICES),
        ward=rng.choice(_WARDS),
        first=rng.choice(_FIRST),
        last=rng.choice(_LAST),
        n3=int(rng.integers(100, 999)),
        n5=int(rng.integers(10000, 99999)),
    )


def _legit(rng: np.random.Generator) -> tuple[str, str, str]:
    first, last = rng.choice(_FIRST), rng.choice(_LAST)
    sender = f"{first.lower()}.{last.lower()}@{_LEGIT_DOMAIN}".replace("é", "e").replace("è", "e")
    subject = _fill(rng.choice(_LEGIT_SUBJECTS), rng)
    n_sentences = int(rng.integers(1, 4))
    body = " ".join(_fill(s, rng) for s in rng.choice(_LEGIT_BODY, n_sentences, replace=False))
    if rng.random() < 0.08:  # a genuine security notice uses the attackers' words too
        body += " " + _SECURITY_NOTICE
    if rng.random() < 0.3:
        path = rng.choice(["connexion", "planning", "documents", "compte"])
        body += f" Lien : https://intranet.{_LEGIT_DOMAIN}/{path}"
    text = f"Bonjour, {body} {rng.choice(_LEGIT_CLOSING)} {first} {last}"
    return sender, subject, text


def _phish(rng: np.random.Generator) -> tuple[str, str, str]:
    careful = rng.random() < 0.35  # written like an internal mail: no urgency, no threat
    domain = rng.choice(_LOOKALIKE_DOMAINS if careful else _PHISH_DOMAINS)
    sender = f"{rng.choice(['support', 'securite', 'noreply', 'rh', 'admin', 'info'])}@{domain}"
    subject = _fill(rng.choice(_LEGIT_SUBJECTS if careful else _PHISH_SUBJECTS), rng)
    if not careful and rng.random() < 0.5:
        subject = f"{rng.choice(_PHISH_URGENCY)} : {subject}"
    if careful:  # an internal-looking sentence, sometimes one subtle request, a look-alike link
        body = _fill(rng.choice(_LEGIT_BODY[-4:]), rng)
        if rng.random() < 0.5:
            body += " " + _fill(rng.choice(_PHISH_BODY[6:8] + _PHISH_BODY[10:]), rng)
    else:
        n_sentences = int(rng.integers(1, 3))
        body = " ".join(_fill(s, rng) for s in rng.choice(_PHISH_BODY, n_sentences, replace=False))
    link = f"https://{domain}/{rng.choice(['connexion', 'login', 'verification', 'compte'])}"
    if careful:
        link = f"https://{domain}/{rng.choice(['connexion', 'planning', 'documents', 'compte'])}"
        greeting, closing = (
            "Bonjour,",
            f"{rng.choice(_LEGIT_CLOSING)} {rng.choice(_FIRST)} {rng.choice(_LAST)}",
        )
        link = f"Lien : {link}"
    else:
        greeting = rng.choice(["Bonjour,", "Cher utilisateur,", "Madame, Monsieur,", "Bonjour"])
        closing = rng.choice(_PHISH_CLOSING)
    text = f"{greeting} {body} {link} {closing}"
    return sender, subject, text


def generate_phishing_corpus(
    seed: int = DEFAULT_SEED, n: int = 1000, phishing_share: float = 0.4
) -> pd.DataFrame:
    """``n`` synthetic French e-mails, one per row, always the same for the same seed.

    Columns: ``expediteur`` (invented address), ``objet``, ``texte`` (body, links
    included), ``message`` (« objet » + « texte », what a classifier reads), ``hameconnage``
    (1 = phishing, 0 = legitimate).
    """
    rng = np.random.default_rng(seed)
    is_phish = rng.random(n) < phishing_share
    rows = [(*(_phish(rng) if p else _legit(rng)), int(p)) for p in is_phish]
    df = pd.DataFrame(rows, columns=["expediteur", "objet", "texte", "hameconnage"])
    df["message"] = df["objet"] + " — " + df["texte"]
    return df[["expediteur", "objet", "texte", "message", "hameconnage"]]
