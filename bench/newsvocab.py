"""Word lists and sentence templates for the synthetic news of ``generate.py``.

Everything here is written for this benchmark: common words of English,
Spanish and French arranged by news topic, so that stop words, stemming and
term frequencies behave as they do on real coverage. Lists are ordered from
the most to the least frequent; the generator draws from them with
Zipf-like weights.

Encodings, to keep the lists short:

- noun phrases: ``"f:la reforma"``; the prefix is the grammatical gender and
  number (``f`` feminine, ``mp``/``fp`` plural, none for masculine singular;
  English uses ``p:`` for plurals only).
- English verbs: ``"approve"`` or ``"win,won"`` or ``"beat,beat,beaten"``
  (base, past, participle; regular forms are derived).
- Spanish verbs: ``"aprobar,aprueba,aprobó,aprobado"`` (infinitive, present,
  preterite, participle).
- French verbs: ``"approuver,approuve,approuvé"`` (infinitive, present,
  participle; the past is ``a`` + participle).
- roles and adjectives: ``"masculine|feminine"`` or one invariant form.
"""

from __future__ import annotations

TOPICS = (
    "politics",
    "economy",
    "society",
    "environment",
    "sports",
    "culture",
    "technology",
    "justice",
)


def _split(text: str) -> list[str]:
    return [item.strip() for item in text.split(";") if item.strip()]


# ---------------------------------------------------------------------------
# English

EN_TOPICS: dict[str, dict[str, list[str]]] = {
    "politics": {
        "np": _split(
            "the budget; the pension reform; a new electoral law; the coalition agreement;"
            " the immigration bill; a vote of confidence; the tax reform; the proposal;"
            " the constitutional amendment; p:early elections; the housing plan;"
            " the defence budget; a referendum; the draft law; p:the spending cuts;"
            " the opposition motion; the new cabinet; the party's candidate;"
            " p:the regional elections; the public sector pay deal"
        ),
        "verbs": _split(
            "approve; reject; announce; propose; defend; criticise; delay; block; support;"
            " present; negotiate; withdraw"
        ),
        "roles": _split(
            "the prime minister; the opposition leader; a government spokesperson;"
            " the finance minister; the interior minister; the party leader; a senior MP;"
            " the head of the regional government"
        ),
        "inst": _split(
            "the government; the parliament; the opposition; the ruling party; the senate;"
            " the cabinet; the electoral commission"
        ),
        "units": _split("votes; seats; members of parliament; signatures; voters"),
    },
    "economy": {
        "np": _split(
            "p:the interest rates; a plan to cut costs; p:the quarterly results; the merger;"
            " the minimum wage; a new investment; the inflation forecast; a takeover bid;"
            " p:the export figures; p:the energy prices; the bond issue; the annual report;"
            " a restructuring plan; the price of fuel; the trade agreement;"
            " p:the unemployment figures; the new factory; p:the job cuts; the public debt;"
            " p:record profits"
        ),
        "verbs": _split(
            "raise; cut,cut; announce; report; forecast,forecast; approve; finance; reduce;"
            " sell,sold; buy,bought; close; expand"
        ),
        "roles": _split(
            "the economy minister; the chief executive; the central bank governor;"
            " the chief economist; the chair of the board; an analyst;"
            " the head of the employers' association; the union leader"
        ),
        "inst": _split(
            "the central bank; the company; the board; the stock exchange;"
            " the employers' association; the union; the statistics office;"
            " the International Monetary Fund"
        ),
        "units": _split("million euros; jobs; workers; million dollars; shares; tonnes"),
    },
    "society": {
        "np": _split(
            "the vaccination campaign; p:the waiting lists; the new hospital;"
            " the health budget; a shortage of doctors; the flu season; the school year;"
            " the housing shortage; p:the rent controls; p:the emergency services;"
            " the mental health plan; p:the care homes; the teachers' strike;"
            " p:free school meals; the cancer screening programme;"
            " p:the public transport fares; a heatwave alert; p:the new guidelines;"
            " the clinical trial; p:the drug prices"
        ),
        "verbs": _split(
            "launch; extend; expand; suspend; fund; review; recommend; introduce; close; open"
        ),
        "roles": _split(
            "the health minister; the director of the hospital; an epidemiologist;"
            " the education minister; the head of the nurses' union; a paediatrician;"
            " the mayor; a social worker"
        ),
        "inst": _split(
            "the health authority; the ministry of health; the hospital; the city council;"
            " the teachers' union; the World Health Organization; the school board"
        ),
        "units": _split("patients; beds; pupils; doctors; cases; families"),
    },
    "environment": {
        "np": _split(
            "p:the emissions targets; a ban on plastic bags; the wind farm;"
            " p:the water restrictions; the climate plan; the solar project;"
            " p:new rules on pesticides; p:the forest fires; p:the flood defences;"
            " the carbon tax; the recycling scheme; the national park; the drought plan;"
            " the coal plant; p:electric buses; the air quality report; the protected area;"
            " the coastal erosion plan"
        ),
        "verbs": _split(
            "approve; ban; build,built; protect; restore; monitor; reduce; introduce; oppose; delay"
        ),
        "roles": _split(
            "the environment minister; a climate scientist; the head of the water agency;"
            " an environmental activist; a local farmer; the regional energy commissioner"
        ),
        "inst": _split(
            "the environment agency; the water authority; the fire service;"
            " the energy company; the European Commission; the environmental group"
        ),
        "units": _split("hectares; tonnes of CO2; litres; megawatts; trees; residents"),
    },
    "sports": {
        "np": _split(
            "the title; the final; the championship; a new contract; the transfer;"
            " the semi-final; the cup; the match; a penalty; the derby; the season;"
            " the world record; the gold medal; the tournament; the new coach;"
            " the stadium project; the qualifying round; the league"
        ),
        "verbs": _split(
            "win,won; lose,lost; sign; reach; beat,beat,beaten; dominate; secure; extend;"
            " miss; host"
        ),
        "roles": _split(
            "the coach; the captain; the striker; the club president; the goalkeeper;"
            " the sporting director; the team's midfielder; the federation president"
        ),
        "inst": _split(
            "the club; the team; the federation; the league; the national team;"
            " the Olympic committee"
        ),
        "units": _split("goals; points; fans; spectators; matches; million euros"),
    },
    "culture": {
        "np": _split(
            "the film festival; a new novel; the exhibition; the award; the concert tour;"
            " the museum's collection; the premiere; the restoration of the cathedral;"
            " the opera season; a documentary; the literary prize; the album;"
            " the theatre production; the art fair; the series; the retrospective"
        ),
        "verbs": _split(
            "present; open; win,won; release; publish; cancel; host; celebrate; launch; acquire"
        ),
        "roles": _split(
            "the director; the novelist; the curator; the actress; the festival director;"
            " the singer; the museum director; a film critic"
        ),
        "inst": _split(
            "the museum; the festival; the publisher; the orchestra; the academy;"
            " the theatre; the studio"
        ),
        "units": _split("visitors; copies; tickets; spectators; works; films"),
    },
    "technology": {
        "np": _split(
            "the new smartphone; the data centre; an artificial intelligence model;"
            " the software update; the data breach; the cybersecurity plan;"
            " the satellite launch; the chip factory; the social network;"
            " the online platform; the electric car; the broadband network;"
            " p:the privacy rules; the app; the research programme; the startup"
        ),
        "verbs": _split(
            "launch; develop; unveil; test; acquire; fix; release; build,built; regulate; fine"
        ),
        "roles": _split(
            "the founder; the chief technology officer; a researcher; the digital minister;"
            " an engineer; the head of the data protection agency; a software developer"
        ),
        "inst": _split(
            "the company; the regulator; the university; the space agency;"
            " the data protection agency; the research centre; the tech giant"
        ),
        "units": _split("users; million users; engineers; servers; customers; downloads"),
    },
    "justice": {
        "np": _split(
            "the trial; the investigation; the verdict; the appeal; a corruption case;"
            " p:the charges; the suspect; p:the evidence files; the new prison;"
            " the sentence; the fraud case; the arrest warrant; the police report;"
            " the court ruling; the murder case; the testimony"
        ),
        "verbs": _split(
            "open; close; reject; confirm; appeal; review; investigate; overturn; postpone; order"
        ),
        "roles": _split(
            "the judge; the prosecutor; the defence lawyer; the police chief;"
            " the interior minister; a police spokesperson; the justice minister; a witness"
        ),
        "inst": _split(
            "the court; the police; the prosecutor's office; the supreme court;"
            " the national police; the anti-corruption office"
        ),
        "units": _split("suspects; arrests; years in prison; victims; officers; euros in fines"),
    },
}

EN = {
    "first_m": (
        "James John Robert Michael David William Richard Thomas Daniel Matthew Andrew Paul"
        " Mark Steven Peter Simon Ben Oliver Harry George Jack Liam Noah Ryan Kevin"
    ).split(),
    "first_f": (
        "Mary Sarah Emma Laura Jennifer Elizabeth Susan Karen Rachel Hannah Emily Charlotte"
        " Sophie Olivia Grace Megan Claire Helen Rebecca Kate Amy Jessica Lucy Anna Chloe"
    ).split(),
    "surnames": (
        "Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts Robinson"
        " Thompson Wright Walker White Edwards Hughes Green Hall Lewis Harris Clarke Patel"
        " Jackson Wood Turner Martin Cooper Hill Ward Morris Moore Clark Lee King Baker"
        " Harrison Morgan Allen Scott Phillips Watson Davis Parker Price Bennett Young"
        " Griffiths Mitchell Kelly Cook Carter Richardson Bailey Collins Bell Shaw Murphy"
        " Miller Cox Khan Marshall Anderson Simpson Ellis Adams Singh Foster Chapman Powell"
        " Webb Rogers Gray Mason Hunt Campbell Owen Palmer Holmes Barnes Knight Lloyd Fisher"
    ).split(),
    "cities": _split(
        "London; Manchester; Birmingham; Leeds; Glasgow; Edinburgh; Bristol; Liverpool;"
        " Cardiff; Belfast; Dublin; New York; Chicago; Boston; Seattle; Denver; Atlanta;"
        " Houston; Toronto; Sydney; Sheffield; Newcastle; Nottingham; Cork; Melbourne;"
        " Vancouver; Philadelphia; Brussels; Washington; Oxford"
    ),
    "reporting": _split(
        "said; explained; warned; added; stressed; insisted; acknowledged; noted; declared;"
        " confirmed; told reporters"
    ),
    "times": _split(
        "on Monday; on Tuesday; on Wednesday; on Thursday; on Friday; last week;"
        " this morning; on Saturday; on Sunday; on Tuesday evening; earlier this month;"
        " last year; yesterday; late on Wednesday; at the weekend"
    ),
    "connectives": _split(
        "However,; Meanwhile,; In addition,; According to sources close to the talks,;"
        " At the same time,; On the other hand,; In the meantime,; As a result,"
    ),
    "extras": _split(
        "after months of negotiations; despite strong criticism from the opposition;"
        " for the first time since {Y}; according to official figures;"
        " amid growing concern among residents; in a statement published on its website;"
        " before the end of the year; in an interview with local radio;"
        " following a long debate; at a press conference in {C};"
        " as part of a wider programme; with the support of several regions"
    ),
    "adjectives": _split(
        "historic; necessary; insufficient; controversial; unprecedented; urgent; positive;"
        " disappointing; ambitious; unacceptable; realistic; premature; fragile; decisive"
    ),
    "soon": _split(
        "before the summer; next month; by the end of the year; in the coming weeks;"
        " early next year; within days"
    ),
    "gaps": _split("two weeks; a month; just days; three months; a year; several weeks"),
    "subheads": _split(
        "What happens next; The reaction; Background; The figures; A divided opinion;"
        " Next steps; What critics say; A long process"
    ),
    "months": (
        "January February March April May June July August September October November December"
    ).split(),
}

EN_TEMPLATES = [
    "{S} {V} {O} {T}{X}.",
    "{K} {S} {V} {O}{X}.",
    "{S} {R} that {S2} had {VP} {O} {T}.",
    '"We will {VI} {O}," {PN} {R}.',
    "According to {I}, the measure affects {N} {U} {L}.",
    "{PS} {R} that {O} {BE} {A}.",
    "The figure represents an increase of {PCT} compared with {Y}.",
    "{LC}, {S} {V} {O}{X}.",
    "{S} also {V} {O} {L}.",
    "The decision comes {G} after {I} {V} {O}.",
    "{PS} {R} that {O} would be {VP} {SOON}.",
    "{S} {V} {O} and {V} {O2}.",
    "In {Y}, {S} {V} {O}{X}.",
    "More than {N} {U} took part, according to {I}.",
    "{IC} has not yet commented on {O}.",
    '"{OC} {BE} {A}," {PN} {R} {T}.',
    "{S} {V} {O} {L} {T}, according to {I}.",
    "Critics say {O} {BE} {A} and that {I} should {VI} {O2}.",
]

EN_HEADLINES = [
    "{HS} {VH} {OH}",
    "{HS} {VH} {OH} {L}",
    "{PN} says {O} {BE} {A}",
    "{OHC} {L}: what we know",
    "{N} {U} {L} as {HS} {VH} {OH}",
    "{HS} to {VI} {OH} {SOON}",
]

EN_QUOTES = [
    "We will {VI} {O}",
    "This is {AA} day for {C}",
    "We have worked for months on {O}",
    "{OC} {BE} {A}",
    "Nobody can ignore {O} any longer",
]

EN_BOILER = {
    "cookie": (
        "We use cookies to improve your experience, to personalise content and ads and to"
        " analyse our traffic. By continuing to browse you accept our cookie policy."
    ),
    "accept": "Accept all",
    "settings": "Cookie settings",
    "newsletter": "Sign up for our daily newsletter and get the day's top stories in your inbox",
    "email": "Your email address",
    "subscribe": "Subscribe",
    "related": "Related stories",
    "most_read": "Most read",
    "share": "Share this article",
    "footer": [
        "About us",
        "Contact",
        "Privacy policy",
        "Terms of use",
        "Advertise",
        "Careers",
        "Corrections",
    ],
    "rights": "All rights reserved.",
    "by": "By",
    "read_also": "Read more:",
    "updated": "Updated",
    "skip": "Skip to content",
    "sections": [
        "News",
        "Politics",
        "Business",
        "World",
        "Sport",
        "Culture",
        "Science",
        "Tech",
        "Health",
        "Opinion",
        "Climate",
        "Local",
    ],
    "ad": "Advertisement",
    "comments": "Comments",
    "login": "Sign in",
}

# ---------------------------------------------------------------------------
# Spanish

ES_TOPICS: dict[str, dict[str, list[str]]] = {
    "politics": {
        "np": _split(
            "mp:los presupuestos; f:la reforma de las pensiones; f:una nueva ley electoral;"
            " el acuerdo de coalición; f:la ley de inmigración; f:una moción de censura;"
            " f:la reforma fiscal; f:la propuesta; f:la reforma constitucional;"
            " el adelanto electoral; el plan de vivienda; el gasto en defensa;"
            " un referéndum; el anteproyecto de ley; mp:los recortes;"
            " f:la moción de la oposición; el nuevo Gobierno; f:la candidatura del partido;"
            " fp:las elecciones autonómicas; f:la subida salarial de los funcionarios"
        ),
        "verbs": _split(
            "aprobar,aprueba,aprobó,aprobado; rechazar,rechaza,rechazó,rechazado;"
            " anunciar,anuncia,anunció,anunciado; proponer,propone,propuso,propuesto;"
            " defender,defiende,defendió,defendido; criticar,critica,criticó,criticado;"
            " retrasar,retrasa,retrasó,retrasado; bloquear,bloquea,bloqueó,bloqueado;"
            " apoyar,apoya,apoyó,apoyado; presentar,presenta,presentó,presentado;"
            " negociar,negocia,negoció,negociado; retirar,retira,retiró,retirado"
        ),
        "roles": _split(
            "presidente del Gobierno|presidenta del Gobierno; líder de la oposición;"
            " portavoz del Gobierno; ministro de Hacienda|ministra de Hacienda;"
            " ministro del Interior|ministra del Interior;"
            " secretario general del partido|secretaria general del partido;"
            " diputado|diputada; presidente autonómico|presidenta autonómica"
        ),
        "inst": _split(
            "el Gobierno; el Congreso; la oposición; el partido en el Gobierno; el Senado;"
            " el Consejo de Ministros; la Junta Electoral"
        ),
        "units": _split("votos; escaños; diputados; firmas; electores"),
    },
    "economy": {
        "np": _split(
            "mp:los tipos de interés; un plan de ahorro; mp:los resultados trimestrales;"
            " f:la fusión; el salario mínimo; f:una nueva inversión;"
            " f:la previsión de inflación; f:una opa; mp:los datos de exportación;"
            " mp:los precios de la energía; f:la emisión de bonos; el informe anual;"
            " un plan de reestructuración; el precio del combustible; el acuerdo comercial;"
            " mp:los datos del paro; f:la nueva fábrica; mp:los despidos; f:la deuda pública;"
            " mp:unos beneficios récord"
        ),
        "verbs": _split(
            "subir,sube,subió,subido; recortar,recorta,recortó,recortado;"
            " anunciar,anuncia,anunció,anunciado; registrar,registra,registró,registrado;"
            " prever,prevé,previó,previsto; aprobar,aprueba,aprobó,aprobado;"
            " financiar,financia,financió,financiado; reducir,reduce,redujo,reducido;"
            " vender,vende,vendió,vendido; comprar,compra,compró,comprado;"
            " cerrar,cierra,cerró,cerrado; ampliar,amplía,amplió,ampliado"
        ),
        "roles": _split(
            "ministro de Economía|ministra de Economía; consejero delegado|consejera delegada;"
            " gobernador del Banco de España|gobernadora del Banco de España;"
            " economista jefe;"
            " presidente del consejo de administración|presidenta del consejo de administración;"
            " analista; presidente de la patronal|presidenta de la patronal;"
            " secretario general del sindicato|secretaria general del sindicato"
        ),
        "inst": _split(
            "el Banco Central Europeo; la empresa; el consejo de administración; la Bolsa;"
            " la patronal; el sindicato; el Instituto Nacional de Estadística;"
            " el Fondo Monetario Internacional"
        ),
        "units": _split(
            "millones de euros; empleos; trabajadores; millones de dólares; acciones; toneladas"
        ),
    },
    "society": {
        "np": _split(
            "f:la campaña de vacunación; fp:las listas de espera; el nuevo hospital;"
            " el presupuesto sanitario; f:la falta de médicos; f:la temporada de gripe;"
            " el curso escolar; f:la escasez de vivienda; el control de los alquileres;"
            " mp:los servicios de urgencias; el plan de salud mental;"
            " fp:las residencias de mayores; f:la huelga de profesores;"
            " mp:los comedores escolares gratuitos; el programa de cribado del cáncer;"
            " fp:las tarifas del transporte público; f:la alerta por calor;"
            " fp:las nuevas directrices; el ensayo clínico; el precio de los medicamentos"
        ),
        "verbs": _split(
            "lanzar,lanza,lanzó,lanzado; prorrogar,prorroga,prorrogó,prorrogado;"
            " ampliar,amplía,amplió,ampliado; suspender,suspende,suspendió,suspendido;"
            " financiar,financia,financió,financiado; revisar,revisa,revisó,revisado;"
            " recomendar,recomienda,recomendó,recomendado;"
            " introducir,introduce,introdujo,introducido; cerrar,cierra,cerró,cerrado;"
            " abrir,abre,abrió,abierto"
        ),
        "roles": _split(
            "ministro de Sanidad|ministra de Sanidad; director del hospital|directora del hospital;"
            " epidemiólogo|epidemióloga; ministro de Educación|ministra de Educación;"
            " portavoz del sindicato de enfermería; pediatra; alcalde|alcaldesa;"
            " trabajador social|trabajadora social"
        ),
        "inst": _split(
            "la consejería de Sanidad; el Ministerio de Sanidad; el hospital; el ayuntamiento;"
            " el sindicato de profesores; la Organización Mundial de la Salud;"
            " el consejo escolar"
        ),
        "units": _split("pacientes; camas; alumnos; médicos; casos; familias"),
    },
    "environment": {
        "np": _split(
            "mp:los objetivos de emisiones; f:la prohibición de las bolsas de plástico;"
            " el parque eólico; fp:las restricciones de agua; el plan climático;"
            " el proyecto solar; fp:las nuevas normas sobre pesticidas;"
            " mp:los incendios forestales; fp:las defensas contra las inundaciones;"
            " el impuesto sobre el carbono; el sistema de reciclaje; el parque nacional;"
            " el plan contra la sequía; f:la central de carbón; mp:los autobuses eléctricos;"
            " el informe sobre la calidad del aire; el espacio protegido;"
            " el plan contra la erosión costera"
        ),
        "verbs": _split(
            "aprobar,aprueba,aprobó,aprobado; prohibir,prohíbe,prohibió,prohibido;"
            " construir,construye,construyó,construido; proteger,protege,protegió,protegido;"
            " restaurar,restaura,restauró,restaurado; vigilar,vigila,vigiló,vigilado;"
            " reducir,reduce,redujo,reducido; introducir,introduce,introdujo,introducido;"
            " rechazar,rechaza,rechazó,rechazado; retrasar,retrasa,retrasó,retrasado"
        ),
        "roles": _split(
            "ministro de Medio Ambiente|ministra de Medio Ambiente; climatólogo|climatóloga;"
            " presidente de la confederación hidrográfica|"
            "presidenta de la confederación hidrográfica;"
            " activista ecologista; agricultor|agricultora;"
            " consejero de Energía|consejera de Energía"
        ),
        "inst": _split(
            "la agencia de medio ambiente; la confederación hidrográfica;"
            " el servicio de bomberos; la compañía eléctrica; la Comisión Europea;"
            " la organización ecologista"
        ),
        "units": _split("hectáreas; toneladas de CO2; litros; megavatios; árboles; vecinos"),
    },
    "sports": {
        "np": _split(
            "el título; f:la final; el campeonato; un nuevo contrato; el fichaje;"
            " f:la semifinal; f:la copa; el partido; un penalti; el derbi; f:la temporada;"
            " el récord mundial; f:la medalla de oro; el torneo; el nuevo entrenador;"
            " el proyecto del estadio; f:la fase de clasificación; f:la liga"
        ),
        "verbs": _split(
            "ganar,gana,ganó,ganado; perder,pierde,perdió,perdido; fichar,ficha,fichó,fichado;"
            " alcanzar,alcanza,alcanzó,alcanzado; dominar,domina,dominó,dominado;"
            " asegurar,asegura,aseguró,asegurado; renovar,renueva,renovó,renovado;"
            " fallar,falla,falló,fallado; acoger,acoge,acogió,acogido;"
            " conquistar,conquista,conquistó,conquistado"
        ),
        "roles": _split(
            "entrenador|entrenadora; capitán|capitana; delantero|delantera;"
            " presidente del club|presidenta del club; portero|portera;"
            " director deportivo|directora deportiva; centrocampista;"
            " presidente de la federación|presidenta de la federación"
        ),
        "inst": _split(
            "el club; el equipo; la federación; la liga; la selección; el Comité Olímpico"
        ),
        "units": _split("goles; puntos; aficionados; espectadores; partidos; millones de euros"),
    },
    "culture": {
        "np": _split(
            "el festival de cine; f:una nueva novela; f:la exposición; el premio;"
            " f:la gira de conciertos; f:la colección del museo; el estreno;"
            " f:la restauración de la catedral; f:la temporada de ópera; un documental;"
            " el premio literario; el disco; el montaje teatral; f:la feria de arte;"
            " f:la serie; f:la retrospectiva"
        ),
        "verbs": _split(
            "presentar,presenta,presentó,presentado; inaugurar,inaugura,inauguró,inaugurado;"
            " ganar,gana,ganó,ganado; estrenar,estrena,estrenó,estrenado;"
            " publicar,publica,publicó,publicado; cancelar,cancela,canceló,cancelado;"
            " acoger,acoge,acogió,acogido; celebrar,celebra,celebró,celebrado;"
            " lanzar,lanza,lanzó,lanzado; adquirir,adquiere,adquirió,adquirido"
        ),
        "roles": _split(
            "director|directora; novelista;"
            " comisario de la exposición|comisaria de la exposición; actor|actriz;"
            " director del festival|directora del festival; cantante;"
            " director del museo|directora del museo; crítico de cine|crítica de cine"
        ),
        "inst": _split(
            "el museo; el festival; la editorial; la orquesta; la Academia de Cine;"
            " el teatro; la productora"
        ),
        "units": _split("visitantes; ejemplares; entradas; espectadores; obras; películas"),
    },
    "technology": {
        "np": _split(
            "el nuevo teléfono móvil; el centro de datos;"
            " un modelo de inteligencia artificial; f:la actualización del software;"
            " f:la filtración de datos; el plan de ciberseguridad;"
            " el lanzamiento del satélite; f:la fábrica de chips; f:la red social;"
            " f:la plataforma digital; el coche eléctrico; f:la red de banda ancha;"
            " fp:las normas de privacidad; f:la aplicación; el programa de investigación;"
            " f:la startup"
        ),
        "verbs": _split(
            "lanzar,lanza,lanzó,lanzado; desarrollar,desarrolla,desarrolló,desarrollado;"
            " presentar,presenta,presentó,presentado; probar,prueba,probó,probado;"
            " adquirir,adquiere,adquirió,adquirido; corregir,corrige,corrigió,corregido;"
            " publicar,publica,publicó,publicado; construir,construye,construyó,construido;"
            " regular,regula,reguló,regulado; multar,multa,multó,multado"
        ),
        "roles": _split(
            "fundador|fundadora; director de tecnología|directora de tecnología;"
            " investigador|investigadora;"
            " ministro de Transformación Digital|ministra de Transformación Digital;"
            " ingeniero|ingeniera;"
            " director de la agencia de protección de datos|"
            "directora de la agencia de protección de datos;"
            " desarrollador|desarrolladora"
        ),
        "inst": _split(
            "la compañía; el regulador; la universidad; la agencia espacial;"
            " la Agencia de Protección de Datos; el centro de investigación;"
            " el gigante tecnológico"
        ),
        "units": _split(
            "usuarios; millones de usuarios; ingenieros; servidores; clientes; descargas"
        ),
    },
    "justice": {
        "np": _split(
            "el juicio; f:la investigación; el veredicto; el recurso; un caso de corrupción;"
            " mp:los cargos; el sospechoso; fp:las pruebas; f:la nueva prisión; f:la condena;"
            " el caso de fraude; f:la orden de detención; el informe policial;"
            " f:la sentencia del tribunal; el caso de asesinato; el testimonio"
        ),
        "verbs": _split(
            "abrir,abre,abrió,abierto; archivar,archiva,archivó,archivado;"
            " rechazar,rechaza,rechazó,rechazado; confirmar,confirma,confirmó,confirmado;"
            " recurrir,recurre,recurrió,recurrido; investigar,investiga,investigó,investigado;"
            " anular,anula,anuló,anulado; aplazar,aplaza,aplazó,aplazado;"
            " revisar,revisa,revisó,revisado; ordenar,ordena,ordenó,ordenado"
        ),
        "roles": _split(
            "juez|jueza; fiscal; abogado defensor|abogada defensora;"
            " jefe de policía|jefa de policía; ministro del Interior|ministra del Interior;"
            " portavoz de la policía; ministro de Justicia|ministra de Justicia; testigo"
        ),
        "inst": _split(
            "el tribunal; la policía; la Fiscalía; el Tribunal Supremo; la Policía Nacional;"
            " la Oficina Anticorrupción"
        ),
        "units": _split(
            "detenidos; detenciones; años de prisión; víctimas; agentes; euros de multa"
        ),
    },
}

ES = {
    "first_m": (
        "Antonio José Manuel Francisco David Juan Javier Daniel Carlos Jesús Alejandro Miguel"
        " Rafael Pablo Sergio Fernando Jorge Alberto Luis Álvaro Diego Adrián Raúl Enrique"
        " Andrés Ramón Víctor Iván Rubén Óscar"
    ).split(),
    "first_f": (
        "María Carmen Ana Isabel Laura Cristina Marta Lucía Pilar Elena Sara Paula Raquel Rosa"
        " Beatriz Silvia Patricia Nuria Julia Irene Andrea Alba Sofía Claudia Teresa Mercedes"
        " Lorena Inés Rocío Eva"
    ).split(),
    "surnames": (
        "García Rodríguez González Fernández López Martínez Sánchez Pérez Gómez Martín"
        " Jiménez Ruiz Hernández Díaz Moreno Muñoz Álvarez Romero Alonso Gutiérrez Navarro"
        " Torres Domínguez Vázquez Ramos Gil Ramírez Serrano Blanco Molina Morales Suárez"
        " Ortega Delgado Castro Ortiz Rubio Marín Sanz Núñez Iglesias Medina Garrido Cortés"
        " Castillo Santos Lozano Guerrero Cano Prieto Méndez Cruz Calvo Gallego Vidal León"
        " Márquez Herrera Peña Flores Cabrera Campos Vega Fuentes Carrasco Caballero Reyes"
        " Nieto Aguilar Pascual Santana Herrero Lorenzo Montero Hidalgo Ibáñez Ferrer Durán"
    ).split(),
    "cities": _split(
        "Madrid; Barcelona; Valencia; Sevilla; Zaragoza; Málaga; Bilbao; Murcia; Palma;"
        " Valladolid; Granada; Córdoba; Alicante; Vigo; Gijón; Oviedo; Santander; Pamplona;"
        " Buenos Aires; Ciudad de México; Bogotá; Lima; Santiago; Montevideo; Quito;"
        " Guadalajara; Medellín; Salamanca; Cádiz; Toledo"
    ),
    "reporting": _split(
        "afirmó; explicó; advirtió; añadió; subrayó; insistió; reconoció; señaló; declaró;"
        " confirmó; aseguró"
    ),
    "times": _split(
        "el lunes; el martes; el miércoles; el jueves; el viernes; la semana pasada;"
        " esta mañana; el sábado; el domingo; el martes por la noche; a principios de mes;"
        " el año pasado; ayer; el miércoles por la tarde; durante el fin de semana"
    ),
    "connectives": _split(
        "Sin embargo,; Mientras tanto,; Además,; Según fuentes cercanas a las negociaciones,;"
        " Al mismo tiempo,; Por otra parte,; En este sentido,; Por ello,"
    ),
    "extras": _split(
        "tras meses de negociaciones; pese a las duras críticas de la oposición;"
        " por primera vez desde {Y}; según los datos oficiales;"
        " en medio de una creciente preocupación entre los vecinos;"
        " en un comunicado publicado en su página web; antes de que acabe el año;"
        " en una entrevista con la radio local; después de un largo debate;"
        " en una rueda de prensa en {C}; dentro de un programa más amplio;"
        " con el apoyo de varias comunidades autónomas"
    ),
    "adjectives": _split(
        "histórico; necesario; insuficiente; polémico; inédito; urgente; positivo;"
        " decepcionante; ambicioso; inaceptable; realista; prematuro; frágil; decisivo"
    ),
    "soon": _split(
        "antes del verano; el próximo mes; antes de final de año; en las próximas semanas;"
        " a principios del año que viene; en los próximos días"
    ),
    "gaps": _split("dos semanas; un mes; apenas unos días; tres meses; un año; varias semanas"),
    "subheads": _split(
        "Qué pasará ahora; Las reacciones; Antecedentes; Las cifras; Opiniones divididas;"
        " Próximos pasos; Lo que dicen los críticos; Un proceso largo"
    ),
    "months": (
        "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre"
    ).split(),
}

ES_TEMPLATES = [
    "{S} {V} {O} {T}{X}.",
    "{K} {S} {V} {O}{X}.",
    "{S} {R} que {S2} había {VP} {O} {T}.",
    "«Vamos a {VI} {O}», {R} {PN}.",
    "Según {I}, la medida afecta a {N} {U} {L}.",
    "{PS} {R} que {O} {BE} {A}.",
    "La cifra supone un aumento del {PCT} respecto a {Y}.",
    "{LC}, {S} {V} {O}{X}.",
    "{S} también {V} {O} {L}.",
    "La decisión llega {G} después del anuncio de {I}.",
    "{PS} {R} que {O} {FUT} {VPA} {SOON}.",
    "{S} {V} {O} y {V} {O2}.",
    "En {Y}, {S} {V} {O}{X}.",
    "Más de {N} {U} participaron, según {I}.",
    "{IC} todavía no se ha pronunciado sobre {O}.",
    "«{OC} {BE} {A}», {R} {PN} {T}.",
    "{S} {V} {O} {L} {T}, según {I}.",
    "Los críticos consideran que {O} {BE} {A} y que {I} debería {VI} {O2}.",
]

ES_HEADLINES = [
    "{HS} {VH} {O}",
    "{HS} {VH} {O} {L}",
    "{PN} asegura que {O} {BE} {A}",
    "{OC} {L}: lo que se sabe",
    "{N} {U} {L} mientras {HS} {VH} {O}",
    "{HS} {VH} {O} {SOON}",
]

ES_QUOTES = [
    "Vamos a {VI} {O}",
    "Es un día {AM} para {C}",
    "Llevamos meses trabajando en {O}",
    "{OC} {BE} {A}",
    "Nadie puede ignorar {O}",
]

ES_BOILER = {
    "cookie": (
        "Utilizamos cookies propias y de terceros para mejorar nuestros servicios y mostrarle"
        " publicidad relacionada con sus preferencias. Si continúa navegando, consideramos que"
        " acepta su uso."
    ),
    "accept": "Aceptar",
    "settings": "Configurar cookies",
    "newsletter": "Suscríbete a nuestro boletín y recibe cada mañana las noticias más importantes",
    "email": "Tu correo electrónico",
    "subscribe": "Suscribirme",
    "related": "Noticias relacionadas",
    "most_read": "Lo más leído",
    "share": "Compartir",
    "footer": [
        "Quiénes somos",
        "Contacto",
        "Política de privacidad",
        "Aviso legal",
        "Publicidad",
        "Trabaja con nosotros",
        "Política de cookies",
    ],
    "rights": "Todos los derechos reservados.",
    "by": "Por",
    "read_also": "Lee también:",
    "updated": "Actualizado",
    "skip": "Ir al contenido",
    "sections": [
        "Noticias",
        "Política",
        "Economía",
        "Internacional",
        "Deportes",
        "Cultura",
        "Ciencia",
        "Tecnología",
        "Salud",
        "Opinión",
        "Clima",
        "Local",
    ],
    "ad": "Publicidad",
    "comments": "Comentarios",
    "login": "Iniciar sesión",
}

# ---------------------------------------------------------------------------
# French

FR_TOPICS: dict[str, dict[str, list[str]]] = {
    "politics": {
        "np": _split(
            "le budget; f:la réforme des retraites; f:une nouvelle loi électorale;"
            " l'accord de coalition; f:la loi immigration; f:une motion de censure;"
            " f:la réforme fiscale; f:la proposition; f:la révision constitutionnelle;"
            " fp:des élections anticipées; le plan logement; le budget de la défense;"
            " un référendum; le projet de loi; fp:les coupes budgétaires;"
            " f:la motion de l'opposition; le nouveau gouvernement;"
            " f:la candidature du parti; fp:les élections régionales;"
            " f:la revalorisation des salaires des fonctionnaires"
        ),
        "verbs": _split(
            "approuver,approuve,approuvé; rejeter,rejette,rejeté; annoncer,annonce,annoncé;"
            " proposer,propose,proposé; défendre,défend,défendu; critiquer,critique,critiqué;"
            " reporter,reporte,reporté; bloquer,bloque,bloqué; soutenir,soutient,soutenu;"
            " présenter,présente,présenté; négocier,négocie,négocié; retirer,retire,retiré"
        ),
        "roles": _split(
            "Premier ministre|Première ministre; chef de l'opposition|cheffe de l'opposition;"
            " porte-parole du gouvernement; ministre des Finances; ministre de l'Intérieur;"
            " secrétaire général du parti|secrétaire générale du parti; député|députée;"
            " président de région|présidente de région"
        ),
        "inst": _split(
            "le gouvernement; l'Assemblée nationale; l'opposition; le parti au pouvoir;"
            " le Sénat; le Conseil des ministres; le Conseil constitutionnel"
        ),
        "units": _split("voix; sièges; députés; signatures; électeurs"),
    },
    "economy": {
        "np": _split(
            "mp:les taux d'intérêt; un plan d'économies; mp:les résultats trimestriels;"
            " f:la fusion; le salaire minimum; un nouvel investissement;"
            " f:la prévision d'inflation; f:une offre publique d'achat;"
            " mp:les chiffres des exportations; mp:les prix de l'énergie;"
            " f:l'émission d'obligations; le rapport annuel; un plan de restructuration;"
            " le prix du carburant; l'accord commercial; mp:les chiffres du chômage;"
            " f:la nouvelle usine; fp:les suppressions d'emplois; f:la dette publique;"
            " mp:des bénéfices records"
        ),
        "verbs": _split(
            "relever,relève,relevé; réduire,réduit,réduit; annoncer,annonce,annoncé;"
            " publier,publie,publié; prévoir,prévoit,prévu; approuver,approuve,approuvé;"
            " financer,finance,financé; baisser,baisse,baissé; vendre,vend,vendu;"
            " racheter,rachète,racheté; fermer,ferme,fermé; agrandir,agrandit,agrandi"
        ),
        "roles": _split(
            "ministre de l'Économie; directeur général|directrice générale;"
            " gouverneur de la Banque de France|gouverneure de la Banque de France;"
            " économiste en chef;"
            " président du conseil d'administration|présidente du conseil d'administration;"
            " analyste; président du patronat|présidente du patronat;"
            " secrétaire général du syndicat|secrétaire générale du syndicat"
        ),
        "inst": _split(
            "la Banque centrale européenne; l'entreprise; le conseil d'administration;"
            " la Bourse de Paris; le patronat; le syndicat; l'Insee;"
            " le Fonds monétaire international"
        ),
        "units": _split(
            "millions d'euros; emplois; salariés; millions de dollars; actions; tonnes"
        ),
    },
    "society": {
        "np": _split(
            "f:la campagne de vaccination; fp:les listes d'attente; le nouvel hôpital;"
            " le budget de la santé; f:la pénurie de médecins; f:l'épidémie de grippe;"
            " f:la rentrée scolaire; f:la crise du logement; l'encadrement des loyers;"
            " mp:les services d'urgences; le plan de santé mentale;"
            " fp:les maisons de retraite; f:la grève des enseignants; f:la cantine gratuite;"
            " le programme de dépistage du cancer; mp:les tarifs des transports en commun;"
            " f:l'alerte canicule; fp:les nouvelles recommandations; l'essai clinique;"
            " le prix des médicaments"
        ),
        "verbs": _split(
            "lancer,lance,lancé; prolonger,prolonge,prolongé; élargir,élargit,élargi;"
            " suspendre,suspend,suspendu; financer,finance,financé; revoir,revoit,revu;"
            " recommander,recommande,recommandé; instaurer,instaure,instauré;"
            " fermer,ferme,fermé; ouvrir,ouvre,ouvert"
        ),
        "roles": _split(
            "ministre de la Santé; directeur de l'hôpital|directrice de l'hôpital;"
            " épidémiologiste; ministre de l'Éducation; porte-parole du syndicat infirmier;"
            " pédiatre; maire; travailleur social|travailleuse sociale"
        ),
        "inst": _split(
            "l'agence régionale de santé; le ministère de la Santé; l'hôpital; la mairie;"
            " le syndicat des enseignants; l'Organisation mondiale de la santé; le rectorat"
        ),
        "units": _split("patients; lits; élèves; médecins; cas; familles"),
    },
    "environment": {
        "np": _split(
            "mp:les objectifs d'émissions; f:l'interdiction des sacs plastiques;"
            " le parc éolien; fp:les restrictions d'eau; le plan climat; le projet solaire;"
            " fp:les nouvelles règles sur les pesticides; mp:les incendies de forêt;"
            " fp:les digues contre les inondations; f:la taxe carbone;"
            " le système de recyclage; le parc national; le plan sécheresse;"
            " f:la centrale à charbon; mp:les bus électriques;"
            " le rapport sur la qualité de l'air; f:la zone protégée;"
            " le plan contre l'érosion du littoral"
        ),
        "verbs": _split(
            "approuver,approuve,approuvé; interdire,interdit,interdit;"
            " construire,construit,construit; protéger,protège,protégé;"
            " restaurer,restaure,restauré; surveiller,surveille,surveillé;"
            " réduire,réduit,réduit; instaurer,instaure,instauré;"
            " contester,conteste,contesté; reporter,reporte,reporté"
        ),
        "roles": _split(
            "ministre de la Transition écologique; climatologue;"
            " directeur de l'agence de l'eau|directrice de l'agence de l'eau;"
            " militant écologiste|militante écologiste; agriculteur|agricultrice;"
            " vice-président chargé de l'énergie|vice-présidente chargée de l'énergie"
        ),
        "inst": _split(
            "l'Office français de la biodiversité; l'agence de l'eau;"
            " le service départemental d'incendie; le fournisseur d'énergie;"
            " la Commission européenne; l'association écologiste"
        ),
        "units": _split("hectares; tonnes de CO2; litres; mégawatts; arbres; habitants"),
    },
    "sports": {
        "np": _split(
            "le titre; f:la finale; le championnat; un nouveau contrat; le transfert;"
            " f:la demi-finale; f:la coupe; le match; un penalty; le derby; f:la saison;"
            " le record du monde; f:la médaille d'or; le tournoi; le nouvel entraîneur;"
            " le projet de stade; le tour de qualification; f:la ligue"
        ),
        "verbs": _split(
            "remporter,remporte,remporté; perdre,perd,perdu; recruter,recrute,recruté;"
            " atteindre,atteint,atteint; dominer,domine,dominé; décrocher,décroche,décroché;"
            " prolonger,prolonge,prolongé; manquer,manque,manqué;"
            " accueillir,accueille,accueilli; battre,bat,battu"
        ),
        "roles": _split(
            "entraîneur|entraîneuse; capitaine; attaquant|attaquante;"
            " président du club|présidente du club; gardien de but|gardienne de but;"
            " directeur sportif|directrice sportive; milieu de terrain;"
            " président de la fédération|présidente de la fédération"
        ),
        "inst": _split(
            "le club; l'équipe; la fédération; la ligue; l'équipe de France; le Comité olympique"
        ),
        "units": _split("buts; points; supporters; spectateurs; matchs; millions d'euros"),
    },
    "culture": {
        "np": _split(
            "le festival de cinéma; un nouveau roman; f:l'exposition; le prix; f:la tournée;"
            " f:la collection du musée; f:l'avant-première;"
            " f:la restauration de la cathédrale; f:la saison d'opéra; un documentaire;"
            " le prix littéraire; l'album; f:la mise en scène;"
            " f:la foire d'art contemporain; f:la série; f:la rétrospective"
        ),
        "verbs": _split(
            "présenter,présente,présenté; inaugurer,inaugure,inauguré;"
            " remporter,remporte,remporté; publier,publie,publié; annuler,annule,annulé;"
            " accueillir,accueille,accueilli; célébrer,célèbre,célébré; lancer,lance,lancé;"
            " acquérir,acquiert,acquis; dévoiler,dévoile,dévoilé"
        ),
        "roles": _split(
            "réalisateur|réalisatrice; romancier|romancière; commissaire de l'exposition;"
            " acteur|actrice; directeur du festival|directrice du festival;"
            " chanteur|chanteuse; directeur du musée|directrice du musée; critique de cinéma"
        ),
        "inst": _split(
            "le musée; le festival; la maison d'édition; l'orchestre; l'Académie des César;"
            " le théâtre; la société de production"
        ),
        "units": _split("visiteurs; exemplaires; billets; spectateurs; œuvres; films"),
    },
    "technology": {
        "np": _split(
            "le nouveau smartphone; le centre de données;"
            " un modèle d'intelligence artificielle; f:la mise à jour du logiciel;"
            " f:la fuite de données; le plan de cybersécurité; le lancement du satellite;"
            " f:l'usine de puces; le réseau social; f:la plateforme en ligne;"
            " f:la voiture électrique; le réseau à très haut débit;"
            " fp:les règles de confidentialité; f:l'application; le programme de recherche;"
            " f:la start-up"
        ),
        "verbs": _split(
            "lancer,lance,lancé; développer,développe,développé; dévoiler,dévoile,dévoilé;"
            " tester,teste,testé; acquérir,acquiert,acquis; corriger,corrige,corrigé;"
            " publier,publie,publié; construire,construit,construit;"
            " réguler,régule,régulé; sanctionner,sanctionne,sanctionné"
        ),
        "roles": _split(
            "fondateur|fondatrice; directeur technique|directrice technique;"
            " chercheur|chercheuse; ministre du Numérique; ingénieur|ingénieure;"
            " président de la Cnil|présidente de la Cnil; développeur|développeuse"
        ),
        "inst": _split(
            "l'entreprise; le régulateur; l'université; l'agence spatiale; la Cnil;"
            " le centre de recherche; le géant du numérique"
        ),
        "units": _split(
            "utilisateurs; millions d'utilisateurs; ingénieurs; serveurs; clients; téléchargements"
        ),
    },
    "justice": {
        "np": _split(
            "le procès; f:l'enquête; le verdict; l'appel; f:une affaire de corruption;"
            " fp:les charges; le suspect; fp:les preuves; f:la nouvelle prison;"
            " f:la condamnation; f:l'affaire de fraude; le mandat d'arrêt;"
            " le rapport de police; f:la décision du tribunal; f:l'affaire de meurtre;"
            " le témoignage"
        ),
        "verbs": _split(
            "ouvrir,ouvre,ouvert; classer,classe,classé; rejeter,rejette,rejeté;"
            " confirmer,confirme,confirmé; contester,conteste,contesté;"
            " examiner,examine,examiné; annuler,annule,annulé; reporter,reporte,reporté;"
            " revoir,revoit,revu; ordonner,ordonne,ordonné"
        ),
        "roles": _split(
            "juge; procureur|procureure; avocat de la défense|avocate de la défense;"
            " chef de la police|cheffe de la police; ministre de l'Intérieur;"
            " porte-parole de la police; garde des Sceaux; témoin"
        ),
        "inst": _split(
            "le tribunal; la police; le parquet; la Cour de cassation; la police nationale;"
            " le Parquet national financier"
        ),
        "units": _split(
            "suspects; interpellations; ans de prison; victimes; policiers; euros d'amende"
        ),
    },
}

FR = {
    "first_m": (
        "Jean Pierre Michel André Philippe Nicolas Christophe Stéphane Laurent Julien Thomas"
        " François Sébastien Antoine Guillaume Olivier Mathieu Alexandre Vincent Maxime Hugo"
        " Lucas Louis Paul Benoît Yannick Patrick Éric Romain Thierry"
    ).split(),
    "first_f": (
        "Marie Nathalie Isabelle Sylvie Catherine Sophie Christine Valérie Sandrine Céline"
        " Julie Camille Émilie Claire Aurélie Caroline Hélène Élise Manon Chloé Léa Pauline"
        " Anne Florence Brigitte Laure Mathilde Juliette Agnès Delphine"
    ).split(),
    "surnames": (
        "Martin Bernard Thomas Petit Robert Richard Durand Dubois Moreau Laurent Simon Michel"
        " Lefebvre Leroy Roux David Bertrand Morel Fournier Girard Bonnet Dupont Lambert"
        " Fontaine Rousseau Vincent Muller Lefèvre Faure André Mercier Blanc Guérin Boyer"
        " Garnier Chevalier François Legrand Gauthier Garcia Perrin Robin Clément Morin"
        " Nicolas Henry Roussel Mathieu Gautier Masson Marchand Duval Denis Dumont Lemaire"
        " Noël Meyer Dufour Meunier Brun Blanchard Giraud Joly Rivière Lucas Brunet Gaillard"
        " Barbier Arnaud Gérard Roche Renard Schmitt Roy Leroux Colin Vidal Caron Picard"
    ).split(),
    "cities": _split(
        "Paris; Lyon; Marseille; Toulouse; Nice; Nantes; Strasbourg; Montpellier; Bordeaux;"
        " Lille; Rennes; Reims; Grenoble; Dijon; Angers; Nîmes; Brest; Limoges; Tours;"
        " Amiens; Metz; Besançon; Rouen; Caen; Genève; Lausanne; Bruxelles; Liège; Montréal;"
        " Québec"
    ),
    "reporting": _split(
        "a affirmé; a expliqué; a averti; a ajouté; a souligné; a insisté; a reconnu;"
        " a indiqué; a déclaré; a confirmé; a assuré"
    ),
    "times": _split(
        "lundi; mardi; mercredi; jeudi; vendredi; la semaine dernière; ce matin; samedi;"
        " dimanche; mardi soir; en début de mois; l'an dernier; hier; mercredi après-midi;"
        " ce week-end"
    ),
    "connectives": _split(
        "Cependant,; Pendant ce temps,; En outre,; Selon des sources proches du dossier,;"
        " Dans le même temps,; Par ailleurs,; Dans ce contexte,; Par conséquent,"
    ),
    "extras": _split(
        "après des mois de négociations; malgré les vives critiques de l'opposition;"
        " pour la première fois depuis {Y}; selon les chiffres officiels;"
        " sur fond d'inquiétude croissante chez les habitants;"
        " dans un communiqué publié sur son site; avant la fin de l'année;"
        " dans un entretien à une radio locale; à l'issue d'un long débat;"
        " lors d'une conférence de presse à {C}; dans le cadre d'un programme plus large;"
        " avec le soutien de plusieurs régions"
    ),
    "adjectives": _split(
        "historique; nécessaire; insuffisant|insuffisante; controversé|controversée;"
        " inédit|inédite; urgent|urgente; positif|positive; décevant|décevante;"
        " ambitieux|ambitieuse; inacceptable; réaliste; prématuré|prématurée; fragile;"
        " décisif|décisive"
    ),
    "soon": _split(
        "avant l'été; le mois prochain; d'ici la fin de l'année; dans les prochaines semaines;"
        " début de l'année prochaine; dans les prochains jours"
    ),
    "gaps": _split(
        "deux semaines; un mois; quelques jours à peine; trois mois; un an; plusieurs semaines"
    ),
    "subheads": _split(
        "Et maintenant ?; Les réactions; Le contexte; Les chiffres; Des avis partagés;"
        " Prochaines étapes; Ce que disent les critiques; Un long processus"
    ),
    "months": (
        "janvier février mars avril mai juin juillet août septembre octobre novembre décembre"
    ).split(),
}

FR_TEMPLATES = [
    "{S} {V} {O} {T}{X}.",
    "{K} {S} {V} {O}{X}.",
    "{S} {R} que {S2} avait {VP} {O} {T}.",
    "« Nous allons {VI} {O} », {R} {PN}.",
    "Selon {I}, la mesure concerne {N} {U} {L}.",
    "{PS} {R} que {O} {BE} {A}.",
    "Ce chiffre représente une hausse de {PCT} par rapport à {Y}.",
    "{LC}, {S} {V} {O}{X}.",
    "{S} a également {VP} {O} {L}.",
    "La décision intervient {G} après l'annonce de {I}.",
    "{PS} {R} que {O} {FUT} {VPA} {SOON}.",
    "{S} {V} {O} et {V} {O2}.",
    "En {Y}, {S} {V} {O}{X}.",
    "Plus de {N} {U} ont participé, selon {I}.",
    "{IC} n'a pas encore réagi à {O}.",
    "« {OC} {BE} {A} », {R} {PN} {T}.",
    "{S} {V} {O} {L} {T}, selon {I}.",
    "Les critiques estiment que {O} {BE} {A} et que {I} devrait {VI} {O2}.",
]

FR_HEADLINES = [
    "{HS} {VH} {O}",
    "{HS} {VH} {O} {L}",
    "{PN} juge que {O} {BE} {A}",
    "{OC} {L} : ce que l'on sait",
    "{N} {U} {L} alors que {HS} {VH} {O}",
    "{HS} {VH} {O} {SOON}",
]

FR_QUOTES = [
    "Nous allons {VI} {O}",
    "C'est un jour {AM} pour {C}",
    "Nous travaillons depuis des mois sur {O}",
    "{OC} {BE} {A}",
    "Personne ne peut ignorer {O}",
]

FR_BOILER = {
    "cookie": (
        "Nous utilisons des cookies pour améliorer votre expérience, personnaliser les contenus"
        " et les publicités et analyser notre trafic. En poursuivant votre navigation, vous"
        " acceptez l'utilisation des cookies."
    ),
    "accept": "Tout accepter",
    "settings": "Paramétrer les cookies",
    "newsletter": (
        "Inscrivez-vous à notre newsletter et recevez chaque matin l'essentiel de l'actualité"
    ),
    "email": "Votre adresse e-mail",
    "subscribe": "S'abonner",
    "related": "À lire aussi",
    "most_read": "Les plus lus",
    "share": "Partager cet article",
    "footer": [
        "Qui sommes-nous",
        "Contact",
        "Politique de confidentialité",
        "Mentions légales",
        "Publicité",
        "Recrutement",
        "Gestion des cookies",
    ],
    "rights": "Tous droits réservés.",
    "by": "Par",
    "read_also": "Lire aussi :",
    "updated": "Mis à jour le",
    "skip": "Aller au contenu",
    "sections": [
        "Actualités",
        "Politique",
        "Économie",
        "International",
        "Sport",
        "Culture",
        "Sciences",
        "Tech",
        "Santé",
        "Opinions",
        "Climat",
        "Régions",
    ],
    "ad": "Publicité",
    "comments": "Commentaires",
    "login": "Se connecter",
}

# Syllables of invented place and company names: the long tail of the vocabulary.
SYLLABLES = {
    "en": (
        "Ash Brad Carr Dun El Fair Glen Hal Kel Lang Mor Nor Pen Red Sel Thorn Wes Whit Bram"
        " Cal Dray Har Lin Mar Os Ray Stan Tre Wal Ever".split(),
        ["", "", "ing", "er", "an", "el", "ow", "ley"],
        "ton ford field wick by more well worth ham stead bridge dale mouth ley combe burn"
        " shaw den hurst gate".split(),
    ),
    "es": (
        "Val Mon Ro Sal Ber Cas Al Tor Vi Ler Mar Fuen Villa Ri Car Ta Be Cor Me Gua".split(),
        ["", "", "de", "ra", "la", "ri", "ta", "sa", "lo", "ga"],
        "jo dar mar tejo nar lla ñosa bra rilla cedo rrea mero ñeda sada dilla vera nzo rías"
        " lón tra".split(),
    ),
    "fr": (
        "Beau Mont Ville Cour Ger Lan Roche Val Bel Cha Fon Mar Plai Bois Sau Ver Bri Cler"
        " Lou Mau Vau Sain".split(),
        ["", "", "e", "a", "i", "an", "on", "er"],
        "ville mont court gny ac ois reuil sur teau lieu nay mard villiers val ière and ot"
        " ard eux elle".split(),
    ),
}

COMPANY_FORMS = {
    "en": ["{} Group", "{} Holdings", "{} Systems", "{} Energy", "{} Foods", "{} Bank"],
    "es": ["Grupo {}", "{} S.A.", "{} Energía", "Industrias {}", "{} Alimentación", "Banco {}"],
    "fr": ["Groupe {}", "{} SA", "{} Énergie", "{} Industries", "{} Alimentaire", "Banque {}"],
}

# Thirty invented outlets, ten per language.
OUTLETS = {
    "en": [
        "The Morning Ledger",
        "Harbour City Post",
        "Northfield Gazette",
        "The Daily Compass",
        "Capital Wire",
        "Riverside Herald",
        "The Evening Courier",
        "Westmoor Chronicle",
        "The Lantern",
        "Metro Dispatch",
    ],
    "es": [
        "Diario La Ribera",
        "El Heraldo del Sur",
        "Noticias de Levante",
        "La Voz Central",
        "El Correo Austral",
        "Crónica Norte",
        "El Faro Digital",
        "Gaceta de la Meseta",
        "La Tribuna Libre",
        "El Observador Atlántico",
    ],
    "fr": [
        "Le Quotidien du Nord",
        "La Gazette de l'Ouest",
        "L'Écho alpin",
        "Le Courrier rhodanien",
        "Info Provence",
        "La Dépêche des Landes",
        "Le Phare breton",
        "Le Messager lorrain",
        "La Voix du Centre",
        "L'Observateur atlantique",
    ],
}

LANG_DATA = {
    "en": (EN_TOPICS, EN, EN_TEMPLATES, EN_HEADLINES, EN_QUOTES, EN_BOILER),
    "es": (ES_TOPICS, ES, ES_TEMPLATES, ES_HEADLINES, ES_QUOTES, ES_BOILER),
    "fr": (FR_TOPICS, FR, FR_TEMPLATES, FR_HEADLINES, FR_QUOTES, FR_BOILER),
}
