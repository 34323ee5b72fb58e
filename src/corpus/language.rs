//! Language of a cleaned text: writing system first, then a statistical detector only where
//! the script leaves a choice.
//!
//! Counting letters per script settles Arabic, Cyrillic and Han text cheaply and reliably, even
//! for a two-line excerpt where trigram statistics are noise. whatlang then only decides *inside*
//! a script: Latin → en/fr/es, Cyrillic → Russian or another Cyrillic language, Arabic script →
//! Arabic or Persian/Urdu. Text in a language we do not label gets `Lang::Und`; we never force it
//! into one of ours. A detection that is not certain says so, and the caller adds a warning.
//! Before whatlang, a sample whose words are enough of one language's marker words (words of
//! that language and of no other of its script) is that language: whatlang's trigram scoring
//! was a twelfth of a build's CPU, and the markers settle nearly all English and Arabic text.

use std::sync::LazyLock;

use whatlang::{Detector, Lang as WLang};

use crate::model::Lang;
use crate::vocab::script::{Script, script_of};

/// The detected language and whether we would bet on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Detection {
    pub lang: Lang,
    pub confident: bool,
}

/// Enough text for the script count and for whatlang; the rest of a long document adds time,
/// not accuracy. 1000 bytes detect corpus-real's languages as 2000 did (2987 of 2988, by
/// `statement-archive accuracy`), and whatlang over 2000 was a tenth of a build's CPU.
const SAMPLE_BYTES: usize = 1000;
/// Fewer letters than this and we still answer, but not confidently …
const MIN_LETTERS: usize = 40;
/// … except in Han script, where one character is about one word.
const MIN_HAN_CHARS: usize = 15;
/// whatlang may overrule the script (Ukrainian, Persian, German) only on at least this many
/// letters: on a heading or two it confuses Russian with Bulgarian ("Записка Секретариата").
const MIN_LETTERS_TO_OVERRULE: usize = 150;
/// The main script must hold this share of the letters for a confident answer.
const MIN_SCRIPT_SHARE: f64 = 0.6;

static LATIN: LazyLock<Detector> =
    LazyLock::new(|| Detector::with_allowlist(vec![WLang::Eng, WLang::Fra, WLang::Spa]));
static ANY: LazyLock<Detector> = LazyLock::new(Detector::new);
static CYRILLIC: LazyLock<Detector> = LazyLock::new(|| {
    Detector::with_allowlist(vec![
        WLang::Rus,
        WLang::Ukr,
        WLang::Bel,
        WLang::Bul,
        WLang::Srp,
        WLang::Mkd,
    ])
});
static ARABIC_SCRIPT: LazyLock<Detector> =
    LazyLock::new(|| Detector::with_allowlist(vec![WLang::Ara, WLang::Pes, WLang::Urd]));

/// The curated marker words (`data/language-markers.tsv`).
pub(crate) const MARKERS_DATA: &str = include_str!("../../data/language-markers.tsv");

/// Enough words to judge a sample by its markers; fewer go to whatlang.
const MIN_WORDS_FOR_MARKERS: usize = 40;

/// The share of a sample's words that must be the language's markers for it to be taken
/// without whatlang. On corpus-real's first kilobytes: English holds 18% or more of its
/// markers in 95 of 100 statements (German, French, Spanish and Dutch prose under 2%); Arabic
/// 5.5% or more in 95 of 100; Russian a median of 3% (a Russian word is rarely Ukrainian,
/// Bulgarian or Serbian too, so the list is short and its share low).
fn min_marker_share(lang: Lang) -> f64 {
    match lang {
        Lang::En => 0.08,
        Lang::Ar => 0.05,
        _ => 0.02,
    }
}

/// One language's marker words, and the longest in bytes (a longer word is none).
#[derive(Default)]
struct Markers {
    words: Vec<&'static str>,
    longest: usize,
}

static MARKERS: LazyLock<Vec<(Lang, Markers)>> = LazyLock::new(|| {
    let mut out: Vec<(Lang, Markers)> = Vec::new();
    for (_, fields) in crate::vocab::data_lines(MARKERS_DATA) {
        let (Some(lang), Some(&word)) = (
            fields.first().and_then(|c| Lang::from_code(c)),
            fields.get(1),
        ) else {
            continue;
        };
        let at = out.iter().position(|(l, _)| *l == lang).unwrap_or_else(|| {
            out.push((lang, Markers::default()));
            out.len() - 1
        });
        let markers = &mut out[at].1;
        markers.words.push(word);
        markers.longest = markers.longest.max(word.len());
    }
    out
});

/// Whether enough of `sample`'s words are `lang`'s markers to take it as `lang` without
/// whatlang.
fn marked(lang: Lang, sample: &str) -> bool {
    let Some((_, markers)) = MARKERS.iter().find(|(l, _)| *l == lang) else {
        return false;
    };
    let mut words = 0usize;
    let mut marked = 0usize;
    let mut lower = String::new();
    for word in sample
        .split(|c: char| !crate::chars::is_alphabetic(c))
        .filter(|w| !w.is_empty())
    {
        words += 1;
        if word.len() > markers.longest {
            continue;
        }
        lower.clear();
        lower.extend(word.chars().flat_map(char::to_lowercase));
        if markers.words.contains(&lower.as_str()) {
            marked += 1;
        }
    }
    words >= MIN_WORDS_FOR_MARKERS && marked as f64 >= min_marker_share(lang) * words as f64
}

pub fn detect_lang(text: &str) -> Detection {
    let sample = sample(text);
    let Some((script, share, n_letters)) = main_script(sample) else {
        return Detection {
            lang: Lang::Und,
            confident: false,
        };
    };
    let min_letters = if script == Script::Han {
        MIN_HAN_CHARS
    } else {
        MIN_LETTERS
    };
    let confident = share >= MIN_SCRIPT_SHARE && n_letters >= min_letters;
    let may_overrule = confident && n_letters >= MIN_LETTERS_TO_OVERRULE;
    let lang = match script {
        Script::Arabic
            if may_overrule
                && !marked(Lang::Ar, sample)
                && is_reliably_other(&ARABIC_SCRIPT, sample, WLang::Ara) =>
        {
            Lang::Und
        }
        Script::Arabic => Lang::Ar,
        Script::Cyrillic
            if may_overrule
                && !marked(Lang::Ru, sample)
                && is_reliably_other(&CYRILLIC, sample, WLang::Rus) =>
        {
            Lang::Und
        }
        Script::Cyrillic => Lang::Ru,
        Script::Han => Lang::Zh,
        Script::Latin => return detect_latin(sample, confident, may_overrule),
        Script::Other => Lang::Und,
    };
    Detection { lang, confident }
}

fn is_reliably_other(detector: &Detector, sample: &str, ours: WLang) -> bool {
    detector
        .detect(sample)
        .is_some_and(|info| info.lang() != ours && info.is_reliable())
}

/// en/fr/es by whatlang, unless it is sure of some other language (German, Italian, …), which
/// then is `Und`. When whatlang is unsure, a second run restricted to our three decides; if that
/// is unsure too (a heading such as "Second session" is French as well), English wins: it is by
/// far the most common Latin-script language of the archive. The answer is then not confident.
fn detect_latin(sample: &str, script_sure: bool, may_overrule: bool) -> Detection {
    let ours = |lang: WLang| match lang {
        WLang::Eng => Some(Lang::En),
        WLang::Fra => Some(Lang::Fr),
        WLang::Spa => Some(Lang::Es),
        _ => None,
    };
    if marked(Lang::En, sample) {
        return Detection {
            lang: Lang::En,
            confident: script_sure,
        };
    }
    // One unrestricted run settles most other documents.
    let mut other_language_seen = false;
    if let Some(info) = ANY.detect(sample)
        && info.is_reliable()
    {
        match ours(info.lang()) {
            Some(lang) => {
                return Detection {
                    lang,
                    confident: script_sure,
                };
            }
            None if may_overrule => {
                return Detection {
                    lang: Lang::Und,
                    confident: true,
                };
            }
            None => other_language_seen = true,
        }
    }
    match LATIN.detect(sample) {
        Some(info) if info.is_reliable() => Detection {
            lang: ours(info.lang()).unwrap_or(Lang::En),
            confident: script_sure && !other_language_seen,
        },
        _ => Detection {
            lang: Lang::En,
            confident: false,
        },
    }
}

fn sample(text: &str) -> &str {
    if text.len() <= SAMPLE_BYTES {
        return text;
    }
    let mut end = SAMPLE_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// The script holding most letters, its share of all letters, and the letter count.
fn main_script(text: &str) -> Option<(Script, f64, usize)> {
    let mut counts = [0usize; 5];
    for c in text.chars() {
        if !crate::chars::is_alphabetic(c) {
            continue;
        }
        let script = script_of(c);
        counts[script as usize] += 1;
    }
    let n_letters: usize = counts.iter().sum();
    if n_letters == 0 {
        return None;
    }
    let (idx, &best) = counts.iter().enumerate().max_by_key(|&(_, n)| *n)?;
    let script = [
        Script::Latin,
        Script::Cyrillic,
        Script::Arabic,
        Script::Han,
        Script::Other,
    ][idx];
    Some((script, best as f64 / n_letters as f64, n_letters))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, lang: Lang, confident: bool) {
        assert_eq!(detect_lang(text), Detection { lang, confident }, "{text:?}");
    }

    #[test]
    fn arabic_by_script() {
        check(
            "قال المتحدث باسم الكرملين إن موسكو تعتبر المحادثات بشأن خفض التهديد النووي أمرا حيويا.",
            Lang::Ar,
            true,
        );
    }

    #[test]
    fn russian_by_script() {
        check(
            "Министры иностранных дел государств – членов ОДКБ заявляют о недопустимости размещения оружия в космосе.",
            Lang::Ru,
            true,
        );
    }

    #[test]
    fn ukrainian_is_not_labelled_russian() {
        check(
            "Міністерство закордонних справ України рішуче засуджує чергові ракетні удари по цивільній інфраструктурі та закликає партнерів посилити тиск. Україна наголошує, що такі дії є грубим порушенням міжнародного гуманітарного права і мають отримати належну оцінку.",
            Lang::Und,
            true,
        );
    }

    #[test]
    fn persian_is_not_labelled_arabic() {
        check(
            "وزارت امور خارجه جمهوری اسلامی ایران این اقدام را محکوم می‌کند و خواستار پایبندی همه طرف‌ها به تعهدات خود در چارچوب معاهده است. سخنگوی وزارت امور خارجه گفت که ایران همواره از گفتگو و دیپلماسی برای حل این موضوع حمایت کرده است.",
            Lang::Und,
            true,
        );
    }

    #[test]
    fn english_french_spanish() {
        check(
            "The foreign ministers reaffirm their commitment to preventing an arms race in outer space.",
            Lang::En,
            true,
        );
        check(
            "Les ministres réaffirment leur engagement en faveur de la prévention d'une course aux armements dans l'espace.",
            Lang::Fr,
            true,
        );
        check(
            "Los ministros reafirman su compromiso con la prevención de una carrera de armamentos en el espacio ultraterrestre.",
            Lang::Es,
            true,
        );
    }

    #[test]
    fn other_latin_languages_are_und() {
        check(
            "Die Außenminister bekräftigen ihre Verpflichtung, ein Wettrüsten im Weltraum zu verhindern, und fordern alle Staaten auf, sich an den Verhandlungen zu beteiligen. Sie betonen, dass der Weltraum ausschließlich friedlichen Zwecken dienen muss.",
            Lang::Und,
            true,
        );
    }

    #[test]
    fn a_short_text_in_another_language_is_not_confidently_ours() {
        let res = detect_lang("Die Außenminister bekräftigen ihre Verpflichtung zum Frieden.");
        assert!(!res.confident, "{res:?}");
    }

    #[test]
    fn chinese_by_script() {
        check(
            "外交部发言人表示，中方坚决反对外空武器化和外空军备竞赛，愿同各方加强沟通协调。",
            Lang::Zh,
            true,
        );
    }

    #[test]
    fn short_russian_heading_stays_russian() {
        check("Третья сессия\n\nЗаписка Секретариата", Lang::Ru, false);
    }

    #[test]
    fn short_or_letterless_text_is_not_confident() {
        check("Second session", Lang::En, false);
        check("2023 — 17:31", Lang::Und, false);
    }

    #[test]
    fn english_prose_is_told_by_its_marker_words_and_other_languages_are_not() {
        let english = "The Foreign Minister said that the treaty, which was signed by both \
            parties in 2010, has been the basis of strategic stability for more than a decade. \
            He added that the two sides should resume talks on the limitation of their \
            nuclear arsenals and that such talks would also cover the new weapons systems \
            which have been deployed since then.";
        assert!(marked(Lang::En, english));
        check(english, Lang::En, true);
        for other in [
            // French
            "Le ministre des Affaires étrangères a déclaré que le traité, signé par les deux \
             parties en 2010, constitue depuis plus de dix ans la base de la stabilité \
             stratégique. Il a ajouté que les deux pays devraient reprendre les négociations \
             sur la limitation de leurs arsenaux nucléaires et sur les nouveaux systèmes \
             d'armes déployés depuis lors, ce qui serait dans l'intérêt de tous.",
            // Spanish
            "El ministro de Asuntos Exteriores declaró que el tratado, firmado por ambas partes \
             en 2010, ha sido durante más de una década la base de la estabilidad estratégica. \
             Añadió que los dos países deberían reanudar las conversaciones sobre la limitación \
             de sus arsenales nucleares y sobre los nuevos sistemas de armas desplegados desde \
             entonces, lo que sería en interés de todos.",
            // German
            "Der Außenminister erklärte, dass der Vertrag, der im Jahr 2010 von beiden Seiten \
             unterzeichnet wurde, seit mehr als einem Jahrzehnt die Grundlage der strategischen \
             Stabilität bildet. Er fügte hinzu, dass die beiden Staaten die Gespräche über die \
             Begrenzung ihrer Kernwaffenarsenale und über die seitdem stationierten neuen \
             Waffensysteme wieder aufnehmen sollten, was in aller Interesse wäre.",
            // Dutch
            "De minister van Buitenlandse Zaken verklaarde dat het verdrag, dat in 2010 door \
             beide partijen werd ondertekend, al meer dan tien jaar de basis vormt van de \
             strategische stabiliteit. Hij voegde eraan toe dat de twee landen de gesprekken \
             over de beperking van hun kernwapenarsenalen en over de sindsdien ingezette \
             nieuwe wapensystemen zouden moeten hervatten, of dat nu snel gebeurt of niet.",
        ] {
            assert!(!marked(Lang::En, other), "{other}");
        }
        // Too few words to judge: whatlang decides, as before.
        assert!(!marked(Lang::En, "The treaty of the parties and the talks"));
    }

    #[test]
    fn the_marker_file_parses_into_lowercase_words_of_our_languages() {
        for (line, fields) in crate::vocab::data_lines(MARKERS_DATA) {
            assert_eq!(fields.len(), 2, "line {line}: lang and word");
            assert!(
                matches!(
                    Lang::from_code(fields[0]),
                    Some(Lang::En | Lang::Ar | Lang::Ru)
                ),
                "line {line}: {} is en, ar or ru",
                fields[0]
            );
            let word = fields[1];
            assert!(
                !word.is_empty()
                    && word.chars().all(crate::chars::is_alphabetic)
                    && word.to_lowercase() == word,
                "line {line}: {word:?} is one lowercase word"
            );
        }
        for lang in [Lang::En, Lang::Ar, Lang::Ru] {
            assert!(
                MARKERS
                    .iter()
                    .any(|(l, m)| *l == lang && m.words.len() >= 10),
                "{lang:?} has markers"
            );
        }
    }

    #[test]
    fn arabic_and_russian_prose_are_told_by_their_markers_and_their_neighbours_are_not() {
        let arabic = "قال وزير الخارجية في بيان صدر اليوم إن المعاهدة التي وقعها الطرفان في \
            عام 2010 كانت على مدى أكثر من عشر سنوات أساس الاستقرار الاستراتيجي، وأضاف أن \
            البلدين يجب أن يستأنفا المحادثات حول الحد من ترسانتيهما النوويتين وعن أنظمة \
            الأسلحة الجديدة التي نشرت منذ ذلك الحين، كما دعا إلى احترام الالتزامات القائمة.";
        assert!(marked(Lang::Ar, arabic));
        check(arabic, Lang::Ar, true);
        let persian = "وزیر امور خارجه در بیانیه ای که امروز منتشر شد گفت که معاهده ای که دو \
            طرف در سال ۲۰۱۰ امضا کردند بیش از ده سال پایه ثبات راهبردی بوده است و افزود که دو \
            کشور باید گفتگوها درباره محدود کردن زرادخانه های هسته ای خود و سامانه های جدید \
            تسلیحاتی را که از آن زمان مستقر شده اند از سر بگیرند و به تعهدات موجود احترام بگذارند.";
        assert!(!marked(Lang::Ar, persian));
        let russian = "Министр иностранных дел заявил, что договор, который был подписан обеими \
            сторонами в 2010 году, более десяти лет являлся основой стратегической стабильности. \
            Он добавил, что это соглашение также должно быть продлено, чтобы обе страны могли \
            возобновить переговоры об ограничении их ядерных арсеналов, которые уже давно \
            стали предметом озабоченности всех государств.";
        assert!(marked(Lang::Ru, russian));
        check(russian, Lang::Ru, true);
        for neighbour in [
            // Ukrainian
            "Міністр закордонних справ заявив, що договір, який був підписаний обома \
             сторонами у 2010 році, понад десять років був основою стратегічної стабільності. \
             Він додав, що ця угода також має бути продовжена, щоб обидві країни могли \
             відновити переговори про обмеження своїх ядерних арсеналів, які вже давно стали \
             предметом занепокоєння всіх держав.",
            // Bulgarian
            "Министърът на външните работи заяви, че договорът, който беше подписан от двете \
             страни през 2010 година, повече от десет години е основа на стратегическата \
             стабилност. Той добави, че това споразумение също трябва да бъде удължено, за да \
             могат двете страни да възобновят преговорите за ограничаване на своите ядрени \
             арсенали, които отдавна са повод за безпокойство на всички държави.",
        ] {
            assert!(!marked(Lang::Ru, neighbour), "{neighbour}");
        }
    }
}
