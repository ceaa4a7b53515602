from embeddings.index.vocabulary import Vocabulary

VOCAB = Vocabulary.build([
    "We met Zalando and Zalando showed STUPS. Mesosphere presented at DockerCon Europe.",
    "Stefan Tilkov's talk on REST. Docker security and settle the score in 2015 with Kubernetes 1.5",
])


def test_swapped_letters_are_one_edit() -> None:
    assert VOCAB.correct("Zalnado") == "Zalando"


def test_misspelt_names_are_corrected_to_the_corpus_spelling() -> None:
    check = VOCAB.check("what did Zalndo show?")
    assert check.corrected == "what did Zalando show?" and check.unknown == ()
    assert VOCAB.check("did mesosphre present anything").corrected == "did Mesosphere present anything"
    assert VOCAB.check("what does Tilkof think").corrected == "what does Tilkov think"


def test_every_content_word_is_corrected_not_only_names() -> None:
    vocab = Vocabulary.build(["The deployment had good attendance; Tammy Everts spoke.", "how to settle it"])
    assert vocab.check("deploymnet atendance").corrected == "deployment attendance"
    assert vocab.check("how do they setle it").corrected == "how do they settle it"
    assert vocab.check("what did Tamy say").corrected == "what did Tammy say"  # a missing letter


def test_real_english_words_and_short_words_are_not_corrected() -> None:
    vocab = Vocabulary.build(["the quota was raised", "REST and Rust"])
    assert vocab.correct("quantum") is None  # a real word the reports do not use, not a typo of "quota"
    assert vocab.check("quota for quantum computing").missing == ("quantum", "computing")
    assert VOCAB.correct("Rst") is None  # too short to tell a typo from another word


def test_names_the_reports_never_mention_are_reported_unknown() -> None:
    assert VOCAB.check("was there a talk about WebAssembly?").unknown == ("WebAssembly",)
    assert VOCAB.check("what about Kubernetes 1.28?").unknown == ("1.28",)
    assert VOCAB.check("notes from FOSDEM").unknown == ("FOSDEM",)
    assert VOCAB.check("did anyone use Rust there").unknown == ("Rust",)
    assert VOCAB.check("Kubernetes 1.5 and docker security").unknown == ()
    # a capital at the start of a question is not a name; unknown common words are paraphrase, not names
    assert VOCAB.check("Describe the docker security findings").unknown == ()


def test_questions_of_only_stopwords_have_no_known_words() -> None:
    assert VOCAB.check("what did they say about it?").known_words == 0


def test_accents_do_not_matter() -> None:
    vocab = Vocabulary.build(["Jérôme Petazzoni talked about cgroups."])
    assert vocab.check("what did Jerome say about cgroups").unknown == ()
    assert "jerome" in vocab and "JÉRÔME" in vocab


def test_other_names_are_not_mistaken_for_typos() -> None:
    vocab = Vocabulary.build(["Mitchell Hashimoto from HashiCorp and GraphML at the lab. Jérôme Pettazzoni spoke."])
    assert vocab.correct("HashiConf") is None  # two changed letters: another name
    assert vocab.correct("GraphQL") is None  # a capital the user typed on purpose
    assert vocab.correct("Petazoni") == "Pettazzoni"  # two missing letters: a typo


def test_another_form_of_a_corpus_word_is_known_not_corrected_or_missing() -> None:
    vocab = Vocabulary.build(["We containerized the deployments."])
    check = vocab.check("who is containerizing deployment")
    assert check.corrected is None and check.missing == () and check.known_words == 2


def test_a_compound_of_known_words_is_one_term_the_reports_may_lack() -> None:
    vocab = Vocabulary.build(["Exactly what we saw once: Kafka streams at scale. Our CI/CD pipeline and disk I/O."])
    check = vocab.check("exactly-once processing in kafka streams?")
    assert check.words == ("exactly-once", "processing", "kafka", "streams")
    assert check.missing == ("exactly-once", "processing")
    # Known however the reports write it: with a slash, as two words, or as one.
    assert vocab.check("the ci/cd pipeline").missing == ()
    assert Vocabulary.build(["we set up CICD"]).check("ci/cd").missing == ()
    assert "i-o" in vocab.check("disk I/O").words  # not two stopwords dropped


def test_a_compound_with_an_unknown_part_is_read_word_by_word_for_typos() -> None:
    vocab = Vocabulary.build(["The deployment pipeline"])
    assert vocab.check("pipeline-deploymnet").corrected == "pipeline-deployment"
