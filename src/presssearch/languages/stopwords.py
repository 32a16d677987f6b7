"""The stop words of each analyzed language: its function words, by grammatical class.

Analysis drops these words from titles and texts, and from queries, in the
language they belong to; query translation gives them no translations. They
are the words that say how a sentence is built rather than what it is about:
articles and determiners, pronouns, prepositions, conjunctions, the
auxiliaries and copulas, negation, and a few adverbs of degree and place.
Content words never belong here, nor ordinary verbs.

Words that say something of their own are left as words, in every language:
amounts (``many``, ``more``, ``muchos``, ``más``, ``plusieurs``, ``plus``),
as numbers are, and with them the quantifiers, the determiners that say how
many of a thing are meant (``each``, ``every``, ``some``, ``any``, ``both``,
``none``; ``cada``, ``algún``, ``ningún``; ``chaque``, ``quelque``,
``aucun``: "ningún acuerdo" is not "algún acuerdo"); adverbs of time and
aspect (``again``, ``yet``, ``ya``, ``encore``: ``yet`` is a conjunction
too, but in the news it is mostly "not yet", "has yet to", "yet again";
Spanish ``mientras`` is a conjunction, "while", but also the adverb of
"mientras tanto", meanwhile, and as a stop word it moved a Spanish story
of the NTREX collection behind another for its own headline) and
of restriction (``only``, ``solo``); and the English modals of possibility
and obligation (``can``, ``must``, ``should``), which Spanish and French say
with ordinary verbs (poder, deber, pouvoir, devoir). The English ``will``
and ``would`` are stop words: they mark the future and the conditional,
which Spanish and French mark in the verb's ending. English has many more
prepositions than the lists need: those that head most phrases are here, the
rarer ones with a narrower meaning (``across``, ``behind``, ``despite``,
``throughout``) are words.

The one quantifier kept with the function words is the word for all
(``all``, ``todo``, ``tout``): each language also uses it as an adverb of
degree and in phrases that are function words as a whole ("all but", "at
all", "sobre todo", "del todo", "tout à fait", "pas du tout"), and most of
its uses add nothing to the noun it goes with ("all the nations" and "the
nations" are the same subject).

A function word written like a frequent word of the news is left out too,
since dropping it would lose that word wherever it is meant: English ``us``
(the US, once lower-cased), ``mine`` (a mine) and ``may`` (the month);
Spanish ``estado`` (the state, Estados Unidos) and ``bajo`` (low, whose other
forms share its stem); French ``été`` (summer), ``or`` (gold), ``personne``
and ``point`` (nouns), ``tiens`` (a form of tenir).

Words are written as analysis compares them: lower case, with their accents
(before stemming and accent folding), and after its apostrophe handling: the
English possessive ``'s`` is already gone (``it's`` is ``it``), a French
elided article or pronoun is already gone (``l'``, ``d'``, ``qu'``: ``c'est``
is ``est``), and any other apostrophe is removed (``don't`` is ``dont``).
"""

from __future__ import annotations

from collections.abc import Mapping

#: English function words, by class.
ENGLISH: Mapping[str, str] = {
    # Articles and determiners: demonstratives, and other, same, such (the
    # quantifiers, each, some, none, are words: see above).
    "determiners": "a an the this that these those such same other another",
    # All, also an adverb of degree ("all but", "at all").
    "all": "all",
    # Personal pronouns, subject and object (not "us": the US).
    "personal": "i me you he him she it we they them",
    # Possessive determiners and pronouns (not "mine": a mine).
    "possessive": "my your his her its our their yours hers ours theirs",
    # Reflexive pronouns.
    "reflexive": "myself yourself yourselves himself herself itself ourselves themselves oneself",
    # Relative and interrogative pronouns and adverbs.
    "relative": "who whom whose which what when where why how",
    # The prepositions that head most phrases, and the particles of phrasal verbs.
    "prepositions": (
        "of in on at to for with by from about into over under above below between "
        "through during before after against without off out up down since until"
    ),
    # Conjunctions, coordinating, correlative and subordinating.
    "conjunctions": (
        "and or but so either neither if because as than though although while whether "
        "unless whereas"
    ),
    # Be, have and do, and will and would (the future and the conditional).
    "auxiliaries": "be am is are was were been being have has had having do does did will would",
    # Their contractions as analysis reads them, the apostrophe removed ("don't" is
    # "dont"); not those that make another word ("we'll" is "well", "she'll" "shell").
    "contractions": (
        "im ive youre youve youd youll theyre theyve theyd theyll weve itll "
        "isnt arent wasnt werent hasnt havent hadnt dont doesnt didnt wont wouldnt"
    ),
    # The clitics of those contractions and of the possessive, left alone when the
    # apostrophe is a character analysis does not take for one ("don`t", "it´s").
    # ("d" and "m" are left: they are more often initials, as in D.C. and M.P.)
    "clitics": "s t ll re ve",
    # Negation.
    "negation": "not no nor never nothing nobody",
    # Adverbs of degree and place.
    "adverbs": "also very too there here",
}

#: Spanish function words, by class.
SPANISH: Mapping[str, str] = {
    # Definite, indefinite and neuter articles.
    "articles": "el la los las un una unos unas lo",
    # Demonstrative determiners and pronouns.
    "demonstrative": (
        "este esta estos estas ese esa esos esas aquel aquella aquellos aquellas esto eso aquello"
    ),
    # Other determiners: other, same, such (the quantifiers, cada, algún,
    # ningún, are words: see above).
    "determiners": "otro otra otros otras mismo misma mismos mismas tal tales",
    # All, also in phrases that work as adverbs ("sobre todo", "del todo").
    "todo": "todo toda todos todas",
    # Personal pronouns: subject, object, after a preposition.
    "personal": (
        "yo tú él ella ello nosotros nosotras vosotros vosotras ellos ellas usted ustedes "
        "me te le les nos os mí ti conmigo contigo"
    ),
    # Reflexive pronouns.
    "reflexive": "se sí consigo",
    # Possessive determiners and pronouns.
    "possessive": (
        "mi mis tu tus su sus nuestro nuestra nuestros nuestras vuestro vuestra vuestros "
        "vuestras mío mía míos mías tuyo tuya tuyos tuyas suyo suya suyos suyas"
    ),
    # Relative and interrogative pronouns and adverbs, with and without their accent.
    "relative": (
        "que qué quien quién quienes quiénes cual cuál cuales cuáles cuyo cuya cuyos cuyas "
        "donde dónde cuando cuándo como cómo cuanto cuánto cuantos cuántos"
    ),
    # Prepositions (not "bajo": low), and their contractions with "el".
    "prepositions": (
        "a ante con contra de desde durante en entre hacia hasta mediante para por según "
        "sin sobre tras al del"
    ),
    # Conjunctions, coordinating and subordinating (not "mientras": see above).
    "conjunctions": "y e o u pero sino porque pues aunque si",
    # The copula ser.
    "ser": (
        "ser soy eres es somos sois son era eras éramos erais eran fui fuiste fue fuimos "
        "fueron sea seas seamos sean fuera fueran fuese será serán sería serían sido siendo"
    ),
    # The copula estar (not "estado": the state).
    "estar": (
        "estar estoy estás está estamos estáis están estaba estabas estábamos estaban "
        "estuve estuvo estuvimos estuvieron esté estés estemos estén estuviera estuvieran "
        "estará estarán estaría estarían estando"
    ),
    # The auxiliary haber, and its "hay".
    "haber": (
        "haber he has ha hay hemos habéis han había habías habíamos habían hubo hubieron "
        "habrá habrán habría habrían haya hayas hayamos hayan hubiera hubieran hubiese "
        "habido habiendo"
    ),
    # Negation.
    "negation": "no ni nunca jamás tampoco nada nadie",
    # Adverbs of degree and place.
    "adverbs": "muy tan también aquí allí ahí",
}

#: French function words, by class.
FRENCH: Mapping[str, str] = {
    # Articles, and the prepositions "de" and "à" joined with them.
    "articles": "le la les un une des du au aux",
    # Elided articles and pronouns left alone when the apostrophe is a character
    # analysis does not take for one ("l´actrice"), and the "t" of "a-t-il".
    "elided": "l d j m n s t c qu",
    # Demonstrative and interrogative determiners; other, same, such (the
    # quantifiers, chaque, quelque, aucun, are words: see above).
    "determiners": (
        "ce cet cette ces quel quelle quels quelles autre autres même mêmes tel telle tels telles"
    ),
    # All, also an adverb of degree ("tout à fait", "tout près").
    "tout": "tout toute tous toutes",
    # Personal pronouns: subject, object, stressed, and "y" ("en" is with the prepositions).
    "personal": "je me moi tu te toi il elle on nous vous ils elles lui eux leur y",
    # Reflexive pronouns.
    "reflexive": "se soi",
    # Possessive determiners and pronouns (not "tiens", a form of tenir).
    "possessive": (
        "mon ma mes ton ta tes son sa ses notre nos votre vos leurs mien mienne miens "
        "miennes tien tienne tiennes sien sienne siens siennes nôtre nôtres vôtre vôtres"
    ),
    # Demonstrative pronouns ("celui-ci" is "celui" and "ci").
    "demonstrative": "celui celle ceux celles ceci cela ça ci",
    # Relative and interrogative pronouns and adverbs.
    "relative": "qui que quoi dont où lequel laquelle lesquels lesquelles auquel auxquels",
    # Prepositions.
    "prepositions": (
        "à de en dans par pour sur sous avec sans chez entre vers contre depuis pendant "
        "durant avant après selon malgré parmi envers hors dès sauf"
    ),
    # Conjunctions, coordinating and subordinating (not "or": gold); "parce" of parce que.
    "conjunctions": "et ou mais donc ni car si quand comme lorsque puisque quoique parce",
    # Être (not "été": summer).
    "être": (
        "être suis es est sommes êtes sont étais était étions étiez étaient fus fut fûmes "
        "furent sois soit soyons soyez soient fût serai seras sera serons serez seront "
        "serais serait serions seriez seraient étant"
    ),
    # Avoir.
    "avoir": (
        "avoir ai as a avons avez ont avais avait avions aviez avaient eus eut eûmes eurent "
        "aie aies ait ayons ayez aient eût aurai auras aura aurons aurez auront aurais "
        "aurait aurions auriez auraient ayant eu"
    ),
    # Negation (not "personne" nor "point": nouns too).
    "negation": "ne pas non jamais rien",
    # Adverbs of degree and place.
    "adverbs": "très trop aussi ici là",
}

#: Each analyzed language's function words, by class.
CLASSES: Mapping[str, Mapping[str, str]] = {"en": ENGLISH, "es": SPANISH, "fr": FRENCH}

#: Each analyzed language's stop words: every class's words in one set.
STOP_WORDS: Mapping[str, frozenset[str]] = {
    code: frozenset(word for words in classes.values() for word in words.split())
    for code, classes in CLASSES.items()
}
