"""What pages say in each language we read, as plain tables.

Month names, and the phrases of what a page says to its reader rather than
about the news: "read also" headings, calls to subscribe or follow, share
buttons, ad placeholders, app promotions, rating widgets. Each table maps a
language code to its entries, so that a language is added in one place (the
registry, :mod:`presssearch.languages`, hands them out with the rest of each
language's description); the modules that use them join every
language's entries into one pattern, since pages mix languages. Entries are
regular expressions, matched ignoring case; month names are written without
accents (text is compared without them).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

#: Month names and their usual abbreviations, January first.
MONTH_NAMES: Mapping[str, tuple[str, ...]] = {
    "en": (
        "january jan", "february feb", "march mar", "april apr", "may", "june jun",
        "july jul", "august aug", "september sep sept", "october oct", "november nov",
        "december dec",
    ),
    "es": (
        "enero ene", "febrero", "marzo", "abril abr", "mayo", "junio", "julio", "agosto ago",
        "septiembre setiembre", "octubre", "noviembre", "diciembre dic",
    ),
    "fr": (
        "janvier janv", "fevrier fevr fev", "mars", "avril avr", "mai", "juin",
        "juillet juil", "aout", "septembre", "octobre", "novembre", "decembre",
    ),
    "de": (
        "januar jan janner", "februar feb", "marz maerz mar", "april apr", "mai", "juni jun",
        "juli jul", "august aug", "september sep sept", "oktober okt", "november nov",
        "dezember dez",
    ),
}  # fmt: skip

#: Headings over links to other articles.
READ_ALSO: Mapping[str, tuple[str, ...]] = {
    "en": (r"read (?:more|also)", r"see also", r"more on", r"you (?:may|might) also like",
           r"related(?: articles| stories| content)?", r"editors'? picks?",
           r"(?:more|further) information"),
    "es": (r"(?:también )?(?:le |te )?puede(?:n)? interesar(?:te|le)?",
           r"le(?:a|e) (?:también|además)", r"ver también", r"más sobre",
           r"(?:contenido|noticias|artículos) relacionad[oa]s?", r"seguir leyendo",
           r"más información"),
    "fr": (r"(?:[àa] )?lire (?:aussi|également)", r"voir aussi", r"sur le même sujet",
           r"articles? liés?", r"en savoir plus", r"plus d'informations?"),
    "de": (r"lesen sie (?:auch|mehr)", r"mehr zum thema", r"auch interessant", r"schon gelesen",
           r"(?:das|dies)(?: thema)? könnte (?:sie|dich) (?:auch )?interessieren",
           r"(?:weitere|weiterführende) (?:informationen|links)"),
}  # fmt: skip

#: Calls to subscribe, join or support, and closed comment threads.
JOIN_US: Mapping[str, tuple[str, ...]] = {
    "en": (r"subscribe (?:now|today|to our)", r"sign up (?:for|to) our", r"sign up here",
           r"follow (?:us|the \w+(?: \w+)?) on NETWORK",
           r"download the (?:\w+ )?apps? for (?:ios|android|iphone)",
           r"become a (?:member|subscriber)", r"support (?:our|independent) journalism",
           r"comments are (?:now )?closed"),
    "es": (r"suscr[ií]bete", r"suscribirse (?:aquí )?a nuestr[oa]",
           r"h[aá]z(?:te|ase) (?:miembro|socio|suscriptor)", r"únete a nuestra comunidad",
           r"apoya (?:el|nuestro) periodismo", r"los comentarios están cerrados",
           r"descarga (?:la|nuestra) (?:\w+ )?app para (?:ios|android|iphone)"),
    "fr": (r"abonnez-vous", r"devenez (?:membre|abonné)", r"inscrivez-vous à notre",
           r"soutenez (?:notre|le) journalisme", r"les commentaires sont (?:fermés|clos)",
           r"téléchargez (?:l'|notre )application (?:\w+ )?pour (?:ios|android|iphone)"),
    "de": (r"abonnieren sie (?:jetzt|kostenlos|unseren|den)", r"jetzt (?:kostenlos )?abonnieren",
           r"werden sie (?:mitglied|abonnent)", r"unterstützen sie (?:uns|unsere arbeit)"),
}  # fmt: skip

#: The words of share buttons (social networks' names are in every language).
SHARE_WORDS: Mapping[str, tuple[str, ...]] = {
    "any": ("facebook", "x", "twitter", "bluesky", "linkedin", "whatsapp", "telegram",
            "reddit", "pinterest", "threads", "mastodon", "flipboard", "messenger",
            "e-?mail", "mail"),
    "en": ("share(?: this| on| via)?", "print", "copy link"),
    "es": ("compartir(?: en)?", "correo(?: electrónico)?", "enviar", "imprimir",
           "copiar (?:el )?enlace"),
    "fr": ("partager(?: sur| par)?", "courriel", "envoyer", "imprimer", "copier le lien"),
    "de": ("teilen", "teile mich", "drucken", "link kopieren"),
}  # fmt: skip

#: Social networks a call to follow names (NETWORK in the lines below).
NETWORKS = ("facebook", "instagram", "telegram", "whatsapp", "twitter", "x", "tiktok",
            "youtube", "google news", "linkedin", "bluesky", "threads")  # fmt: skip
#: Whole lines that are never the article's: an ad's placeholder, a call to follow
#: the outlet, an app promotion, a rating widget. A line is dropped only when it
#: says nothing else.
CLUTTER_LINES: Mapping[str, tuple[str, ...]] = {
    "en": (r"advertisement", r"sponsored(?: content)?", r"follow us(?: on NETWORK)?",
           r"like us on NETWORK",
           r"download (?:our|the) app", r"get the app", r"rate this (?:article|story|post)",
           r"editors'? picks?", r"contains affiliate links"),
    "es": (r"espacio publicitario", r"publicidad", r"s[ií]guenos en NETWORK",
           r"descarga (?:nuestra|la) app", r"valora (?:este|esta) (?:artículo|noticia)"),
    "fr": (r"publicité", r"suivez-nous sur NETWORK", r"téléchargez (?:notre|l')application",
           r"notez cet article"),
    "de": (r"anzeige", r"werbung", r"folgen sie uns auf NETWORK", r"folge uns auf NETWORK",
           r"liken sie uns auf NETWORK", r"teile mich",
           r"lade (?:dir )?die app herunter", r"artikel bewerten",
           r"bewerten sie diesen artikel", r"enthält affiliate[- ]links"),
}  # fmt: skip


#: The tables of what pages say to their readers, by kind.
PAGE_PHRASES: Mapping[str, Mapping[str, tuple[str, ...]]] = {
    "READ_ALSO": READ_ALSO,
    "JOIN_US": JOIN_US,
    "SHARE_WORDS": SHARE_WORDS,
    "CLUTTER_LINES": CLUTTER_LINES,
}


def every(table: Mapping[str, Iterable[str]]) -> list[str]:
    """The entries of ``table`` in every language, in order, each once."""
    return list(dict.fromkeys(entry for entries in table.values() for entry in entries))


#: Month names (and abbreviations) in every language, and the month each names.
MONTHS = {
    name: number
    for names in MONTH_NAMES.values()
    for number, month in enumerate(names, start=1)
    for name in month.split()
}
