"""Every source the lessons cite, in one place.

``checked`` records how well each fact was checked by the kit's authors:
"V" seen in the primary source, its abstract or its PubMed/PMC page; "V2" seen
only in secondary reporting. Lessons print their sources list with
:func:`sources_markdown`, so a citation is written once.
"""

from __future__ import annotations

from dataclasses import dataclass

ARTICLE_URL = "https://www.makeuseof.com/"
"""The article the lessons follow is a MakeUseOf piece on whether AI helps or harms mental health.
Its exact address (and its date) were not recorded and could not be found again, so the kit links to
the MakeUseOf site and says so wherever it links the article."""

ARTICLE_LINK_NOTE = "its exact address was not recorded, so this link goes to the MakeUseOf site"
"""What every link to the article says about where it goes."""


@dataclass(frozen=True)
class Source:
    key: str
    citation: str
    link: str
    checked: str = "V"

    def markdown(self) -> str:
        note = "" if self.checked == "V" else " (seen only in secondary reporting)"
        return f"{self.citation} [{self.link}]({self.link}){note}"


def _doi(d: str) -> str:
    return f"https://doi.org/{d}"


_ALL = [
    Source("article", "The article: \"Can AI Be a Friend or Foe to Psychological Care? Exploring the Effects on "
           "Treatment and Support Services\", MakeUseOf (date not recorded; about 2023). Its exact address was not "
           "recorded; the link goes to the MakeUseOf site.", ARTICLE_URL, "V2"),
    Source("graham2019", "Graham S, Depp C, Lee EE, et al. Artificial Intelligence for Mental Health and Mental "
           "Illnesses: an Overview. Current Psychiatry Reports 2019;21(11):116.", _doi("10.1007/s11920-019-1094-0")),
    Source("levis2019", "Levis B, Benedetti A, Thombs BD; DEPRESsion Screening Data (DEPRESSD) "
           "Collaboration. Accuracy of Patient Health Questionnaire-9 (PHQ-9) for screening to detect major "
           "depression: individual participant data meta-analysis. BMJ 2019;365:l1476.", _doi("10.1136/bmj.l1476")),
    Source("negeri2021", "Negeri ZF, Levis B, Sun Y, et al. Accuracy of the Patient Health Questionnaire-9 for "
           "screening to detect major "
           "depression: updated systematic review and individual participant data meta-analysis. "
           "BMJ 2021;375:n2183.", _doi("10.1136/bmj.n2183")),
    Source("thombs2014", "Thombs BD, Benedetti A, Kloda LA, et al. The diagnostic accuracy of the Patient Health "
           "Questionnaire-2 (PHQ-2), Patient Health Questionnaire-8 (PHQ-8), and Patient Health Questionnaire-9 "
           "(PHQ-9) for detecting major depression: protocol for a systematic review and individual patient data "
           "meta-analyses. Systematic Reviews 2014;3:124. (The DEPRESSD group's protocol; it gives major depression "
           "in 5-10% of primary-care patients.)", _doi("10.1186/2046-4053-3-124")),
    Source("levis2020", "Levis B, Sun Y, He C, et al. Accuracy of the PHQ-2 alone and in combination with the "
           "PHQ-9 for screening to detect major depression: systematic review and meta-analysis. "
           "JAMA 2020;323(22):2290-2300.",
           _doi("10.1001/jama.2020.6504")),
    Source("mitchell2009", "Mitchell AJ, Vaze A, Rao S. Clinical diagnosis of depression in primary care: a "
           "meta-analysis. Lancet 2009;374:609-19.", _doi("10.1016/S0140-6736(09)60879-5")),
    Source("belsher2019", "Belsher BE, Smolenski DJ, Pruitt LD, et al. Prediction models for suicide attempts "
           "and deaths: a systematic review and simulation. JAMA Psychiatry 2019;76(6):642-51.",
           _doi("10.1001/jamapsychiatry.2019.0174")),
    Source("franklin2017", "Franklin JC, Ribeiro JD, Fox KR, et al. Risk factors for suicidal thoughts and "
           "behaviors: a meta-analysis of 50 years of research. Psychol Bull 2017;143(2):187-232.",
           _doi("10.1037/bul0000084")),
    Source("large2016", "Large M, Kaneson M, Myles N, et al. Meta-analysis of longitudinal cohort studies of "
           "suicide risk assessment among psychiatric patients: heterogeneity in results and lack of "
           "improvement over time. PLoS ONE 2016;11(6):e0156322.",
           _doi("10.1371/journal.pone.0156322")),
    Source("simon2018", "Simon GE, Johnson E, Lawrence JM, et al. Predicting suicide attempts and suicide deaths "
           "following outpatient visits using electronic health records. Am J Psychiatry 2018. (The kit's figures "
           "are for mental-health specialty visits.)",
           _doi("10.1176/appi.ajp.2018.17101167")),
    Source("mohan2011", "Mohan D, Rosengart MR, Farris C, et al. Assessing the feasibility of the American College "
           "of Surgeons' benchmarks for the triage of trauma patients. Arch Surg 2011;146(7):786-92.",
           _doi("10.1001/archsurg.2011.43")),
    Source("rehn2009", "Rehn M, Eken T, Krüger AJ, et al. Precision of field triage in patients brought to a "
           "trauma centre after introducing trauma team activation guidelines. Scand J Trauma Resusc Emerg Med "
           "2009;17:1.", _doi("10.1186/1757-7241-17-1")),
    Source("newgard2011", "Newgard CD, Zive D, Holmes JF, et al. A multisite assessment of the American College of "
           "Surgeons Committee on Trauma field triage decision scheme for identifying seriously injured children "
           "and adults. J Am Coll Surg 2011;213(6):709-21.",
           _doi("10.1016/j.jamcollsurg.2011.09.012")),
    Source("newgard2013", "Newgard CD, Hsia RY, Mann NC, et al. The trade-offs in field trauma triage: a "
           "multiregion assessment of accuracy metrics and volume shifts associated with different triage "
           "strategies. J Trauma Acute Care Surg 2013.", "https://pmc.ncbi.nlm.nih.gov/articles/PMC3726266/"),
    Source("sands2015", "Sands N, Elsom S, Colgate R. UK Mental Health Triage Scale Guidelines. UK Mental Health "
           "Triage Scale Project, Wales; January 2015.",
           "https://ukmentalhealthtriagescale.org/2016/01/07/uk-mental-health-triage-scale/"),
    Source("fitzpatrick2017", "Fitzpatrick KK, Darcy A, Vierhile M. Delivering cognitive behavior therapy to young "
           "adults with symptoms of depression and anxiety using a fully automated conversational agent (Woebot): "
           "a randomized controlled trial. JMIR Mental Health 2017;4(2):e19.", _doi("10.2196/mental.7785")),
    Source("li2023", "Li H, Zhang R, Lee Y-C, Kraut RE, Mohr DC. Systematic review and meta-analysis of AI-based "
           "conversational agents for promoting mental health and well-being. npj Digit Med 2023.",
           _doi("10.1038/s41746-023-00979-5")),
    Source("abdalrazaq2020", "Abd-Alrazaq AA, Rababeh A, Alajlani M, et al. Effectiveness and safety of using "
           "chatbots to improve mental health: systematic review and meta-analysis. J Med Internet Res "
           "2020;22(7):e16021.", _doi("10.2196/16021")),
    Source("habicht2024", "Habicht J, Viswanathan S, Carrington B, et al. Closing the accessibility gap to mental "
           "health treatment with a personalized self-referral chatbot. Nat Med 2024;30(2):595-602.",
           _doi("10.1038/s41591-023-02766-x")),
    Source("miner2016", "Miner AS, Milstein A, Schueller S, et al. Smartphone-based conversational agents and "
           "responses to questions about mental health, interpersonal violence, and physical health. "
           "JAMA Intern Med 2016;176(5):619-25.", _doi("10.1001/jamainternmed.2016.0400")),
    Source("neda2023", "News reports, 30 May - 1 June 2023: the US National Eating Disorders Association took its "
           "\"Tessa\" chatbot offline after it gave dieting advice.",
           "https://www.npr.org/sections/health-shots/2023/06/08/1180838096/an-eating-disorders-chatbot-offered-dieting-advice-raising-fears-about-ai-in-hea",
           "V2"),
    Source("mcbain2025", "McBain RK, Cantor JH, Zhang LA, et al. Evaluation of alignment between large language "
           "models and expert clinicians in suicide risk assessment. Psychiatr Serv 2025;76(11):944-50.",
           _doi("10.1176/appi.ps.20250086")),
    Source("openai2025", "OpenAI. Strengthening ChatGPT's responses in sensitive conversations. October 2025.",
           "https://openai.com/index/strengthening-chatgpt-responses-in-sensitive-conversations/", "V2"),
    Source("fda2025", "US Food and Drug Administration. Digital Health Advisory Committee meeting on generative "
           "AI-enabled digital mental health medical devices, 6 November 2025 (docket FDA-2025-N-2338).",
           "https://www.fda.gov/advisory-committees/", "V2"),
    Source("mhra2025", "Medicines and Healthcare products Regulatory Agency. Digital mental health technology: "
           "guidance on qualification and classification as a medical device. February 2025.",
           "https://www.gov.uk/government/publications/digital-mental-health-technology-qualification-and-classification"),
    Source("nhs_tt_standard", "NHS England. NHS Talking Therapies waiting-time standards (6 and 18 weeks).",
           "https://www.england.nhs.uk/mental-health/resources/access-waiting-time/"),
    Source("hansard2019", "UK Parliament, House of Commons, 19 February 2019: Mental Health Patient Waiting "
           "Times: North-West (an MP's figures for Wirral: average waits from referral).",
           "https://hansard.parliament.uk/Commons/2019-02-19/debates/7CA2724F-E349-484E-ACDF-9B652B98FE21/"
           "MentalHealthPatientWaitingTimesNorth-West"),
    Source("apa2023", "American Psychological Association. 2023 Practitioner Pulse Survey.",
           "https://www.apa.org/pubs/reports/practitioner/2023-psychologist-workforce", "V2"),
    Source("who_atlas2020", "World Health Organization. Mental Health Atlas 2020.",
           "https://www.who.int/publications/i/item/9789240036703", "V2"),
    Source("fang2025", "Fang CM, Liu AR, Danry V, et al. (MIT Media Lab and OpenAI). How AI and human behaviors "
           "shape psychosocial effects of chatbot use: a longitudinal randomized controlled study. arXiv "
           "2503.17473, March 2025. A preprint, not peer reviewed; the kit checked its abstract only.",
           "https://arxiv.org/abs/2503.17473"),
    Source("goddard2012", "Goddard K, Roudsari A, Wyatt JC. Automation bias: a systematic review of frequency, "
           "effect mediators, and mitigators. JAMIA 2012;19(1):121-7.", _doi("10.1136/amiajnl-2011-000089")),
    Source("goddard2014", "Goddard K, Roudsari A, Wyatt JC. Automation bias: empirical results assessing "
           "influencing factors. Int J Med Inform 2014;83(5):368-75.", _doi("10.1016/j.ijmedinf.2014.01.001")),
    Source("vandersijs2006", "van der Sijs H, Aarts J, Vulto A, Berg M. Overriding of drug safety alerts in "
           "computerized physician order entry. JAMIA 2006;13(2):138-47.", _doi("10.1197/jamia.M1809")),
    Source("hannan2005", "Hannan C, Lambert MJ, Harmon C, et al. A lab test and algorithms for identifying clients "
           "at risk for treatment failure. J Clin Psychol 2005.", _doi("10.1002/jclp.20108")),
    Source("obermeyer2019", "Obermeyer Z, Powers B, Vogeli C, Mullainathan S. Dissecting racial bias in an "
           "algorithm used to manage the health of populations. Science 2019;366:447-53.",
           _doi("10.1126/science.aax2342")),
    Source("wong2021", "Wong A, Otles E, Donnelly JP, et al. External validation of a widely implemented "
           "proprietary sepsis prediction model in hospitalized patients. JAMA Intern Med 2021;181(8):1065-70.",
           _doi("10.1001/jamainternmed.2021.2626")),
    Source("okabe_ito2008", "Okabe M, Ito K. Color Universal Design (CUD): how to make figures and presentations "
           "that are friendly to colorblind people. 2008.", "https://jfly.uni-koeln.de/color/"),
    Source("hardt2016", "Hardt M, Price E, Srebro N. Equality of opportunity in supervised learning. Advances in "
           "Neural Information Processing Systems 29 (NIPS 2016).", "https://arxiv.org/abs/1610.02413"),
    Source("chouldechova2017", "Chouldechova A. Fair prediction with disparate impact: a study of bias in "
           "recidivism prediction instruments. Big Data 2017;5(2):153-63.", _doi("10.1089/big.2016.0047")),
    Source("kleinberg2017", "Kleinberg J, Mullainathan S, Raghavan M. Inherent trade-offs in the fair "
           "determination of risk scores. 8th Innovations in Theoretical Computer Science Conference (ITCS 2017), "
           "LIPIcs 67:43:1-43:23.", "https://arxiv.org/abs/1609.05807"),
]

SOURCES: dict[str, Source] = {s.key: s for s in _ALL}


def cite(key: str) -> Source:
    """The source for a key such as ``"levis2019"``; ValueError lists the known keys."""
    if key not in SOURCES:
        raise ValueError(f"source key must be one of {', '.join(SOURCES)}; got {key!r}")
    return SOURCES[key]


def sources_markdown(*keys: str) -> str:
    """A numbered markdown list of the given sources, for a lesson's sources section."""
    return "\n".join(f"{i}. {cite(k).markdown()}" for i, k in enumerate(keys, 1))
