import json, os
import pathlib
P = str(pathlib.Path(__file__).resolve().parent) + "/"
S000="000_2320db640b21b311.txt"; S002="002_a1ba0c9cb1cee14a.txt"
D1="2015-12-08-DockerCon-EU-2015.md"; D2="2015-12-15-dockercon_eu_2015.md"
DO1="2015-12-07-devopscon-2015.md"; DO2="2015-12-8-microservices-devopscon.md"
OSC="2015-11-17-oscon.md"; API="2015-12-11-apidays-paris.md"
QNY="2016-07-02-qcon-ny-summary.md"; PP="2016-08-24-summary-paypal-innersource.md"
MSD="2016-12-01-microservices-day.md"; DB="2016-12-16-danielbryant-microservices-guestblog.md"
SAD="2016-05-27-software-architecture-day.md"; DOD="2016-06-07-DevOpsDay-2016.md"
DT="2017-05-19-Serverless_with_AWS_at_DevTalks.1.md"; ITC="2017-05-30-Serverless_single_page_apps_with_AWS_React_and_Redux.md"
STR="2017-05-30-State-of-data.md"; TEC18="2018-03-23-TECDAYRecap.md"; SN="2018-04-10-designing_microservices_with_sam_newman.md"
HTM="2018-05-28-HackTM18_festival_for_geeks.md"; ML18="2018-09-14-mllab_with_aws.md"; BC="2018-6-25-blockchainlab_with_codecetnric.md"
ML19="2019-02-08-mllab_2019.md"; MLW="2019-03-08-making-ml-waves.md"; TEC19="2019-10-22-TEC-Day-2019-rundowni.md"
DL="2019-12-06-digital-leute-2019.md"; WSAI="2020-01-10-worldsummitai-2019.md"; GD="2022-10-10-aws-gameday.md"

haufe = [
# who
("who wrote the report about dockercon 2015?", "who", [D1,D2,S002], ["Thomas Schuering","Peter Frey"],
 "D1 front matter author: Thomas Schuering, title 'Impressions from DockerCon 2015 - Part 1'; D2 author: Peter Frey, title '... Part 2'; seed 002 title 'DockerCon EU 2015', author: ThomasSc (author_email thomas.schuering@haufe-lexware.com)"),
("who went to devopscon in munich", "who", [DO1,DO2], ["Rainer Zehnle","Elias Weingaertner"],
 "2015-12-07 author: Rainer Zehnle, text 'Elias Weingaertner, Helmut Strasser and I attended DevOpsCon in Munich'; 2015-12-8 author: Elias Weingaertner, subtitle '...DevOpsCon 2015 in Munich'. (Helmut Strasser attended too but wrote nothing; naming him is fine, not required)"),
("who went to strata last time?", "who", [STR], ["Jerzy Kott"],
 "front matter author: Jerzy Kott; subtitle 'Impressions from Strata Data 2017 in London'"),
("who reported on APIdays paris", "who", [API], ["Martin Danielsson"],
 "front matter author: Martin Danielsson; title 'APIdays Paris - From Philosophy to Technology and back again'"),
("who wrote up oscon europe", "who", [OSC], ["Marco Seifried"],
 "front matter author: Marco Seifried; title 'OSCON Europe 2015'"),
("world summit ai writeup - who wrote it?", "who", [WSAI], ["Felix Jablonski","Thomas Schuering"],
 "front matter author: 'Felix Jablonski, Thomas Schuering'; body 'An article from Felix Jablonski and Thomas Schuering'"),
("who blogged about the aws gameday?", "who", [GD], ["Lucian Patian","Cristian Pirtea"],
 "front matter author: 'Lucian Patian, Cristian Pirtea'; title 'AWS Gameday'"),
("Who attended the Sam Newman microservices workshop at QCon London?", "who", [SN], ["Christoph Eckerle","Frank Enders"],
 "front matter author: 'Christoph Eckerle, Frank Enders'; subtitle 'Workshop - Designing Microservices with Sam Newman'; body 'We met Sam Newman at a workshop about designing microservices at the QCon London'"),
# when
("when did we go to apidays paris?", "when", [API], ["2015"],
 "body 'APIdays conference in Paris (Dec 8-9th 2015)'; file prefix 2015-12-11 (no date key in front matter)"),
("what year was the hackathon in timisoara", "when", [HTM], ["2018"],
 "file prefix 2018-05-28; subtitle 'Report of the Hackathon in Timisoara'; body 'hackTM 2018 in Timisoara Romania'"),
("when was the world summit ai report written", "when", [WSAI], ["2020"],
 "file prefix 2020-01-10 (no date key). NB the event itself was 2019 ('on 2019, 9-10 October ... in Amsterdam'); a reply giving both years is fine, it must contain 2020"),
("when was qcon new york?", "when", [QNY], ["2016"],
 "title 'Summary of QCon New York, 2016'; body 'QCon New York from June 13th to June 15th, 2016'; file prefix 2016-07-02"),
("when did we do the aws gameday", "when", [GD], ["2022"],
 "file prefix 2022-10-10; body 'A few weeks ago our company hosted an AWS Gameday event'"),
("what year was the dockercon in amsterdam", "when", [S000], ["2014"],
 "seed 000 is plain text, first line/title 'DockerCon Europe 2014 in Amsterdam Report'; no date metadata, year only from title"),
# where
("where was dockercon eu 2015 held?", "where", [D1,D2,S002], ["Barcelona"],
 "D1 body 'DockerCon EU 2015 in Barcelona, Spain'; D2 body 'The conference took place on November 16th and 17th this year in Barcelona'; seed 002 body 'DockerCon EU 2015 in Barcelona, Spain'"),
("where was the 2014 dockercon", "where", [S000], ["Amsterdam"],
 "seed 000 title line 'DockerCon Europe 2014 in Amsterdam Report'; body 'A few solution providers took also part in Amsterdam'"),
("devopscon 2015 - where was it?", "where", [DO1,DO2], ["Munich"],
 "2015-12-07 body 'attended DevOpsCon in Munich from 23th - 25th November 2015'; 2015-12-8 subtitle 'My opinionated findings from DevOpsCon 2015 in Munich'"),
("Where did Strata Data 2017 take place?", "where", [STR], ["London"],
 "subtitle 'Impressions from Strata Data 2017 in London'"),
("where was digitale leute held", "where", [DL], ["Cologne"],
 "title \"Summary of 'Digitale Leute' 2019 in Cologne\""),
# which
("which editions of dockercon did we write up?", "which", [S000,S002,D1,D2], ["2014","2015"],
 "DockerCon Europe 2014 (seed 000 title, Amsterdam); DockerCon EU 2015 (D1 'Impressions from DockerCon 2015 - Part 1', D2 '... Part 2', seed 002 'DockerCon EU 2015'). Reply must name both editions 2014 and 2015"),
("which conferences did we cover in 2017", "which", [DT,ITC,STR], ["Strata"],
 "all files with prefix 2017-: DevTalks talk report (title 'Serverless with AWS at DevTalks'), ITCamp talk (title 'Building a serverless web app', body 'presentation last week at ITCamp'), Strata Data London (title 'State of Data - Strata 2017 perspective'); all tagged conference"),
("which reports are tagged docker?", "which", [DO1,D1,D2,DOD], [],
 "front matter tags containing 'docker': devopscon-2015 [conference, docker, devops, development]; DockerCon-EU-2015 [conference, docker, security, development]; dockercon_eu_2015 [conference, docker, development]; DevOpsDay-2016 [conference, devops, docker, automation]. Seeds have no tags"),
("what did scott speights write about", "which", [MSD,TEC18,ML18,BC,ML19,MLW,TEC19], [],
 "front matter author: Scott Speights in 7 posts (2016-12-01 microservices day, 2018-03-23 TEC Day 2018, 2018-6-25 Blockchain Lab, 2018-09-14 MLLab, 2019-02-08 ML Lab 2.0, 2019-03-08 making waves with ML (AWS Summit), 2019-10-22 TEC Day 2019). Capped list ok if the newest are shown + 'and N more'"),
("which posts are from 2018?", "which", [TEC18,SN,HTM,ML18,BC], [],
 "file-name prefix 2018- (no date keys in haufe front matter): TECDAYRecap, designing_microservices_with_sam_newman, HackTM18, mllab_with_aws, and 2018-6-25-blockchainlab (month not zero-padded!)"),
("holger reinhardt reports?", "which", [QNY,PP,DL], [],
 "front matter author: Holger Reinhardt in qcon-ny-summary, summary-paypal-innersource, digital-leute-2019 (he is only mentioned in text of TECDAYRecap / TEC-Day-2019, not author)"),
("which reports are tagged api", "which", [API,SAD,MSD,DB], [],
 "tags containing 'api': apidays-paris [conference, api, development]; software-architecture-day [conference, api, microservice]; microservices-day and danielbryant guest blog [conference, culture, microservice, api]"),
# edition_missing
("takeaways from dockercon 2016?", "edition_missing", [S000,S002,D1,D2], ["2016"],
 "only DockerCon Europe 2014 (seed 000) and DockerCon EU 2015 (D1, D2, seed 002) are written up; no 2016 anywhere"),
("anything on devopscon 2017", "edition_missing", [DO1,DO2], ["2017"],
 "only DevOpsCon 2015 (Munich) reports: 2015-12-07-devopscon-2015, 2015-12-8-microservices-devopscon"),
("strata new york notes?", "edition_missing", [STR], ["New York"],
 "only Strata Data 2017 in London (subtitle); 'New York' does not occur with Strata in the corpus (QCon New York is a different event)"),
("tec day 2017 recap", "edition_missing", [TEC18,TEC19], ["2017"],
 "TEC Day 2018 (title 'TEC Day 2018') and TEC Day 2019 (title 'TEC Day Rundown', body 'TEC Day #5', file prefix 2019-10-22) exist; no 2017 report"),
("What were the highlights of World Summit AI 2018?", "edition_missing", [WSAI], ["2018"],
 "only World Summit Ai 2019 (title; event 9-10 October 2019 in Amsterdam, report file 2020-01-10)"),
# unknown_event
("who went to kubecon eu?", "unknown_event", [], ["KubeCon"],
 "grep -ri kubecon over _posts and seeds: 0 hits"),
("any reports from FOSDEM", "unknown_event", [], ["FOSDEM"],
 "grep -ri fosdem: 0 hits"),
("who went to re:invent last year", "unknown_event", [], ["re:Invent"],
 "grep -ri 're:invent': 0 hits (only the word 're-inventing' in 2015-12-8). Trap: AWS Summit (making-ml-waves) and AWS Gameday are different events"),
("takeaways from web summit", "unknown_event", [], ["web summit"],
 "grep -ri 'web summit' / websummit: 0 hits. Trap: 'World Summit Ai' and 'PayPal InnerSource Summit' exist - must not be matched"),
("devoxx belgium notes?", "unknown_event", [], ["Devoxx"],
 "grep -ri devoxx: 0 hits in haufe (it IS covered in the other corpus events-mixed - cross-corpus leak check)"),
]

F = {k: k for k in []}
G="2013-06-10-geecon-2013-recap.md"; JS="2013-09-17-jsconf-eu-2013-impressions.md"; DVX="2013-11-22-devoxx-2013.md"
EP="2014-07-28-europython-2014-visit.md"; DC="2014-08-13-def-con-22-recap.md"; LCA="2016-02-09-linux-conf-au-2016-report.txt"
NJS="2016-09-08-nordicjs-2016-summary.md"; SSE="2017-02-21-spark-summit-east-2017.md"; QL="2017-04-12-qcon-london-2017.md"
BB="2017-06-14-berlin-buzzwords-2017.md"; ICML="2017-09-11-icml-2017-undergrad-perspective.md"; PY="2018-05-19-pycon-2018-first-pycon.md"
AAD="2018-10-17-agile-automation-days-2018.md"; HF="2018-11-13-hackference-2018.md"; FF="2018-11-19-ffconf-2018.md"
LD="2019-07-15-lead-dev-london-2019.md"; ADC="2019-09-24-agiledc-2019.md"; YOW="2019-12-12-yow-2019-insights.md"
PN="2019-12-20-performance-now-2019.md"; ATD="2020-11-29-agile-testing-days-2020.txt"; KC="2023-05-06-kubecon-cloudnativecon-eu-2023.md"
DOZ="2023-06-15-devopsdays-zurich-2023.md"

em = [
# who
("who wrote the geecon 2013 recap?", "who", [G], ["Maciej Biłas"],
 "front matter author: Maciej Biłas (body byline spells 'Maciek Biłas'); title 'GeeCON 2013 recap'"),
("who went to kubecon eu", "who", [KC], ["Kristina Devochko"],
 "front matter author: \"Kristina Devochko\"; title 'Takeaways from attending KubeCon+CloudNativeCon Europe 2023, wearing many hats'"),
("who reported on spark summit east", "who", [SSE], ["Alexis Seigneurin"],
 "front matter authors: [Alexis Seigneurin]; title 'Spark Summit East 2017 - A summary'"),
("who was at hackference?", "who", [HF], ["Carolina Gilabert"],
 "front matter author: Carolina Gilabert; title 'Hackference 2018'"),
("who wrote the agiledc post", "who", [ADC], ["Matt Reed"],
 "front matter authors: [Matt Reed]; title 'Driving Home A Dev Impression of AgileDC 2019'"),
("Who wrote up Devoxx 2013?", "who", [DVX], ["Mirek Woźniak"],
 "front matter author: Mirek Woźniak; title 'Devoxx 2013 - Java, Android, HTML5 and Belgian Chocolate' (body has sections by Jarek, Tomek, Jacek... naming them too is fine)"),
("who went to qcon london", "who", [QL], ["offerdal"],
 "front matter author: rune_offerdal (a handle; fact is the surname part so 'rune_offerdal' and 'Rune Offerdal' both pass); title 'QCon London 2017'"),
("who attended devopsdays zurich 2023", "who", [DOZ], ["gurret"],
 "front matter authors: [\"lionelgurret\"] (handle; fact 'gurret' matches 'lionelgurret' or 'Lionel Gurret'); title 'DevOps Days Zurich 2023 - Feedback'"),
# when
("when was spark summit east", "when", [SSE], ["2017"],
 "title 'Spark Summit East 2017'; body 'This 2 day conference - February 8th and 9th'; date: 2017-02-21"),
("when was the kubecon eu report written?", "when", [KC], ["2023"],
 "front matter date: \"2023-05-06\" (event 18th-21st of April, in Amsterdam)"),
("what year did we go to geecon", "when", [G], ["2013"],
 "front matter date: 2013-06-10 14:15:07; title 'GeeCON 2013 recap'"),
("when was the devoxx writeup posted", "when", [DVX], ["2013"],
 "no date key in front matter -> file-name prefix 2013-11-22; title 'Devoxx 2013 ...'"),
("when was yow", "when", [YOW], ["2019"],
 "title 'Insights from YOW! 2019'; body 'I visited the YOW! conference in Sydney in December 2019'; date: 2019-12-12"),
("when did we go to def con", "when", [DC], ["2014"],
 "front matter date: 2014-08-13 05:45:33; title 'DEF CON 22 Recap' (title carries no year; no author key)"),
# where
("where was linux.conf.au 2016 held", "where", [LCA], ["Geelong"],
 "plain text, first line 'linux.conf.au 2016 report'; body 'linux.conf.au was held from 1 - 5 January in Geelong, a regional city near Melbourne'"),
("nordicjs - where was it", "where", [NJS], ["Stockholm"],
 "title 'Summary of NordicJS 2016 September'; body 'A 2 day JavaScript conference in Stockholm' / 'held at Munchen bryggeriet in Stockholm'"),
("where was icml 2017?", "where", [ICML], ["Sydney"],
 "title 'An Undergrad's perspective on ICML 2017'; body 'I attended the 35th International Conference on Machine Learning in Sydney, Australia this past August'"),
("Where did KubeCon + CloudNativeCon Europe 2023 take place?", "where", [KC], ["Amsterdam"],
 "body 'Last month, 18th-21st of April, KubeCon+CloudNativeCon Europe was happening in Amsterdam in the Netherlands'"),
("where was europython 2014", "where", [EP], ["Berlin"],
 "title 'My visit to EuroPython 2014'; body 'I had a fun time at EuroPython 2014 in Berlin last week'"),
# which
("which conferences did we cover in 2018", "which", [PY,AAD,HF,FF], [],
 "dates in 2018: pycon (Pelican 'Date: 2018-05-19'), agile-automation-days (no date key, file prefix 2018-10-17), hackference (date: 2018-11-13), ffconf (date: 2018-11-19)"),
("which reports are from 2013?", "which", [G,JS,DVX], [],
 "geecon (date: 2013-06-10), jsconf-eu (TOML date = 2013-09-17), devoxx (no date key, file prefix 2013-11-22)"),
("what did carolina gilabert write about", "which", [HF,FF], ["Hackference","FFConf"],
 "front matter author: Carolina Gilabert in hackference-2018 (title 'Hackference 2018') and ffconf-2018 (title 'FFConf 2018')"),
("which reports are tagged python", "which", [JS,EP], [],
 "TOML tags: jsconf-eu-2013 tags = [\"javascript\", \"python\"]; europython-2014 tags = [\"python\", ...]. Trap: pycon-2018 tags are 'conference, pycon, learning, community, networking' (no 'python' tag)"),
("reports tagged kafka?", "which", [BB,SSE], [],
 "berlin-buzzwords-2017 'tags: kafka'; spark-summit-east-2017 tags list '- Apache Kafka'"),
("which kubecon editions were written up", "which", [KC], ["2023"],
 "only KubeCon+CloudNativeCon Europe 2023 (Amsterdam); 'kubecon' occurs in no other file"),
("which conferences did we go to in 2019", "which", [LD,ADC,YOW,PN], [],
 "lead-dev-london (no date key, file prefix 2019-07-15), agiledc (date 2019-09-24), yow (date 2019-12-12), performance-now (date 2019-12-20)"),
# edition_missing
("takeaways from pycon 2019?", "edition_missing", [PY], ["2019"],
 "only PyCon 2018 is written up (title 'PyCon 2018 - My First PyCon'). Trap: its body says 'If you head to PyCon 2019' - a mention, not a report"),
("anything from kubecon north america?", "edition_missing", [KC], ["North America"],
 "only KubeCon+CloudNativeCon Europe 2023 (Amsterdam); no NA edition mentioned"),
("qcon new york writeup?", "edition_missing", [QL], ["New York"],
 "only QCon London 2017 (title 'QCon London 2017')"),
("devoxx 2014 notes", "edition_missing", [DVX], ["2014"],
 "only Devoxx 2013 (title; file 2013-11-22); '2014' does not occur in the file"),
("what did we learn at devopsdays zurich 2022", "edition_missing", [DOZ], ["2022"],
 "only DevOpsDays Zurich 2023 (title 'DevOps Days Zurich 2023 - Feedback'). Trap: body 'As an avid attendee of last year's event' - attended but not written up"),
# unknown_event
("who went to dockercon eu?", "unknown_event", [], ["DockerCon"],
 "grep -ri dockercon over events-mixed (excluding README.md): 0 hits. Cross-corpus leak check: DockerCon IS covered in haufe"),
("fosdem takeaways", "unknown_event", [], ["FOSDEM"],
 "grep -ri fosdem: 0 hits"),
("Did anyone write up Strange Loop?", "unknown_event", [], ["Strange Loop"],
 "grep -ri 'strange loop' / strangeloop: 0 hits"),
("gophercon notes?", "unknown_event", [], ["GopherCon"],
 "grep -ri gophercon / gopher: 0 hits"),
("what were the highlights of neurips 2019", "unknown_event", [], ["NeurIPS"],
 "grep -ri neurips / nips: 0 hits. Trap: ICML 2017 (another ML conference) and several 2019 reports exist"),
]

def write(rows, prefix, fname, base_dirs):
    cnt = {}
    out = []
    for i, (q, kind, src, facts, note) in enumerate(rows, 1):
        n = cnt.get(kind, 0); cnt[kind] = n + 1
        first = "check" if kind in ("where", "unknown_event") else "fit"
        other = "fit" if first == "check" else "check"
        split = first if n % 2 == 0 else other
        for s in src:
            assert any(os.path.exists(os.path.join(d, s)) for d in base_dirs), s
        out.append({"id": f"{prefix}{i:03d}", "question": q, "kind": kind, "sources": src,
                    "facts": facts, "split": split, "note": note})
    with open(P + fname, "w", encoding="utf-8") as f:
        for o in out: f.write(json.dumps(o, ensure_ascii=False) + "\n")
    return out

a = write(haufe, "c", "questions-haufe.jsonl", ["/work/shared/corpus/haufe-blog/_posts", "/work/shared/seeds"])
b = write(em, "e", "questions-events-mixed.jsonl", ["/work/shared/corpus/events-mixed"])
from collections import Counter
for name, rows in (("haufe", a), ("events-mixed", b)):
    print(name, len(rows), Counter(r["kind"] for r in rows), Counter((r["kind"], r["split"]) for r in rows))
