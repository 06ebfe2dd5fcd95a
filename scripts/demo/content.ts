// What the demo contains: one initiative, its working groups and themes, the people, their
// stories and photos, and the two exhibitions. Everything here is invented — no real person,
// place of work or event — and violence is named, never described.
import type {
	Attribution,
	Audience,
	PlacementSize,
	ReleaseSigner,
	ShowedAnswers
} from '../../src/lib/server/db/schema';
import type { Locale, LocalizedText } from '../../src/lib/localized';
import { DEFAULT_FRAMING, clampRect, type Framing } from '../../src/lib/framing';
import * as scenes from './scenes';
import type { Scene } from './svg';

export const INITIATIVE: { title: LocalizedText; description: LocalizedText } = {
	title: {
		he: 'התפקידים שאנחנו ממלאים — יוזמת הדגמה',
		ar: 'الأدوار التي نؤديها — مبادرة تجريبية',
		en: 'The roles we play — a demo initiative'
	},
	description: {
		he: 'יוזמה בדויה להתנסות בפלטפורמה: שלוש קבוצות עבודה, סיפורים של מומחים ומומחיות מניסיון ושתי תערוכות. כל האנשים, הסיפורים והאיורים כאן הומצאו לצורך ההדגמה.',
		ar: 'مبادرة متخيَّلة لتجربة المنصّة: ثلاث مجموعات عمل، وقصص خبراء وخبيرات بالتجربة، ومعرضان. كل الأشخاص والقصص والرسومات هنا مختلَقة لغرض العرض التجريبي.',
		en: 'A made-up initiative for trying the platform: three working groups, stories by experts by experience, and two exhibitions. Every person, story and picture here is invented for the demo.'
	}
};

export type GroupKey = 'safety' | 'loneliness' | 'science';
export type ThemeKey = 'askEarly' | 'neighbours' | 'meetingPlaces' | 'gettingOut' | 'scienceMine';

export const GROUPS: {
	key: GroupKey;
	title: LocalizedText;
	description: LocalizedText;
	themes: { key: ThemeKey; title: LocalizedText; question: LocalizedText }[];
}[] = [
	{
		key: 'safety',
		title: { he: 'ביטחון בבית', ar: 'الأمان في البيت', en: 'Safety at home' },
		description: {
			he: 'קבוצת העבודה למניעת אלימות בזוגיות: שירותים, קהילה ומשפט.',
			ar: 'مجموعة العمل لمنع العنف في العلاقات الزوجية: الخدمات والمجتمع والقانون.',
			en: 'The working group on preventing violence in intimate relationships: services, community and the law.'
		},
		themes: [
			{
				key: 'askEarly',
				title: { he: 'לבקש עזרה מוקדם', ar: 'طلب المساعدة مبكرًا', en: 'Asking for help early' },
				question: {
					he: 'מה עוזר לאדם לבקש עזרה מוקדם — ולהרגיש שמאמינים לו או לה?',
					ar: 'ما الذي يساعد الشخص على طلب المساعدة مبكرًا، وعلى الشعور بأنّ الآخرين يصدّقونه؟',
					en: 'What helps a person ask for help early, and feel believed?'
				}
			},
			{
				key: 'neighbours',
				title: { he: 'שכנים וקהילה', ar: 'الجيران والمجتمع', en: 'Neighbours and community' },
				question: {
					he: 'איך שכנים וקהילה יכולים להיות רשת ביטחון, בלי להחליט במקום מי שנמצאים בתוך המצב?',
					ar: 'كيف يمكن للجيران والمجتمع أن يكونوا شبكة أمان، من دون أن يقرّروا بدلًا من الشخص المعنيّ؟',
					en: 'How can neighbours and community be a safety net without deciding for the person?'
				}
			}
		]
	},
	{
		key: 'loneliness',
		title: { he: 'בדידות בזקנה', ar: 'الوحدة في الشيخوخة', en: 'Loneliness in old age' },
		description: {
			he: 'קבוצת העבודה לצמצום הבדידות ולשיפור איכות החיים בזקנה.',
			ar: 'مجموعة العمل للحدّ من الوحدة وتحسين جودة الحياة في الشيخوخة.',
			en: 'The working group on reducing loneliness and improving quality of life in old age.'
		},
		themes: [
			{
				key: 'meetingPlaces',
				title: {
					he: 'מקומות מפגש בשכונה',
					ar: 'أماكن اللقاء في الحيّ',
					en: 'Meeting places in the neighbourhood'
				},
				question: {
					he: 'אילו מקומות בשכונה מזמינים אנשים מבוגרים להיפגש, ומה חסר בהם?',
					ar: 'أيّ الأماكن في الحيّ تدعو كبار السنّ إلى اللقاء، وما الذي ينقصها؟',
					en: 'Which places in the neighbourhood invite older people to meet, and what do they lack?'
				}
			},
			{
				key: 'gettingOut',
				title: {
					he: 'לצאת מהבית',
					ar: 'الخروج من البيت',
					en: 'Getting out of the house'
				},
				question: {
					he: 'מה מאפשר לאדם מבוגר לצאת מהבית בכל יום?',
					ar: 'ما الذي يتيح لكبير السنّ أن يخرج من بيته كل يوم؟',
					en: 'What makes it possible for an older person to leave the house every day?'
				}
			}
		]
	},
	{
		key: 'science',
		title: {
			he: 'חינוך מדעי־טכנולוגי',
			ar: 'التعليم العلمي والتكنولوجي',
			en: 'Science and technology education'
		},
		description: {
			he: 'קבוצת העבודה להרחבת מעגל המצוינות בחינוך המדעי־טכנולוגי.',
			ar: 'مجموعة العمل لتوسيع دائرة التميّز في التعليم العلمي والتكنولوجي.',
			en: 'The working group on widening excellence in science and technology education.'
		},
		themes: [
			{
				key: 'scienceMine',
				title: { he: 'מדע שהוא גם שלי', ar: 'علمٌ لي أيضًا', en: 'Science that is mine too' },
				question: {
					he: 'מה גורם לתלמידה או לתלמיד להרגיש שמדע וטכנולוגיה הם גם בשבילם?',
					ar: 'ما الذي يجعل الطالبات والطلاب يشعرون بأنّ العلوم والتكنولوجيا لهم أيضًا؟',
					en: 'What makes a student feel that science and technology are for them too?'
				}
			}
		]
	}
];

export type StaffRole = 'admin' | 'curator' | 'partner';

/** The people who run and use the initiative; their passwords are made at seeding. */
export const STAFF: {
	role: StaffRole;
	username: string;
	displayName: string;
	/** For the partner: the working group they belong to. */
	group?: GroupKey;
}[] = [
	{ role: 'admin', username: 'admin', displayName: 'Demo admin' },
	{ role: 'curator', username: 'curator', displayName: 'דליה' },
	{ role: 'partner', username: 'partner', displayName: 'אבי', group: 'loneliness' }
];

export type PersonKey =
	'michal' | 'salma' | 'ruth' | 'yosef' | 'hanan' | 'noam' | 'lina' | 'daniel';

/** The participants. Those marked `printed` get a password that the demo prints. */
export const PARTICIPANTS: {
	key: PersonKey;
	displayName: string;
	language: Locale;
	printed: boolean;
}[] = [
	{ key: 'michal', displayName: 'מיכל', language: 'he', printed: true },
	{ key: 'salma', displayName: 'سلمى', language: 'ar', printed: true },
	{ key: 'ruth', displayName: 'Ruth', language: 'en', printed: true },
	{ key: 'yosef', displayName: 'יוסף', language: 'he', printed: false },
	{ key: 'hanan', displayName: 'حنان', language: 'ar', printed: false },
	{ key: 'noam', displayName: 'נועם', language: 'he', printed: false },
	{ key: 'lina', displayName: 'لينا', language: 'ar', printed: false },
	{ key: 'daniel', displayName: 'Daniel', language: 'en', printed: false }
];

/**
 * Someone else in a participant's photo (docs/releases.md): the participant hides them (the
 * place in the picture called `hint`), marks the hidden area as a person, and asks them for a
 * release with a link; `agreed` when they answered on the link's page.
 */
export interface DemoPerson {
	hint: string;
	style: 'blur' | 'pixelate';
	/** The participant's own words for who it is: shown to nobody else. */
	who: string;
	ask: { widest: Audience; locale: Locale };
	agreed?: { signer: ReleaseSigner };
}

export interface DemoPhoto {
	scene: () => Scene;
	alt: string;
	caption?: string;
	/** The participant's framing, from the drawn picture (crop, blurred or pixelated areas). */
	framing?: (scene: Scene) => Framing;
	/** The people in it the participant marked and asked for a release, hidden until they agree. */
	people?: DemoPerson[];
	/**
	 * A place in the picture with a face the framing editor's detector finds, left unhidden:
	 * the editor suggests hiding it when the participant opens the photo (docs/redaction.md;
	 * tests/unit/demo-faces.test.ts keeps it findable).
	 */
	suggests?: string;
}

export type StoryKey =
	| 'window'
	| 'neighbour'
	| 'swing'
	| 'twoCups'
	| 'bench'
	| 'bus'
	| 'postcards'
	| 'telescope'
	| 'seedling'
	| 'robot'
	| 'dayCentre';

export interface DemoStory {
	key: StoryKey;
	/** Still being written: neither finished nor shared, so nobody but its participant sees it. */
	draft?: boolean;
	owner: PersonKey;
	language: Locale;
	title: string;
	/** Paragraphs separated by blank lines, as participants write them. */
	narrative: string;
	/** English labels of the initiative's default role tags. */
	roles: string[];
	freeTags: string[];
	attribution: Attribution;
	pseudonym?: string;
	showed?: ShowedAnswers;
	photos: DemoPhoto[];
}

/**
 * A crop of the given ratio, `width` of the picture wide, centred (as far as the picture
 * allows) on a place in it, with the eye resting there.
 */
function cropAround(hint: string, aspect: '1:1' | '3:2', width: number): DemoPhoto['framing'] {
	return (scene) => {
		const place = scene.hints[hint];
		if (!place) throw new Error(`The scene has no place called ${hint}`);
		const [rw, rh] = aspect.split(':').map(Number) as [number, number];
		let w = width;
		let h = (w * scene.width * rh) / rw / scene.height;
		if (h > 1) {
			w = w / h;
			h = 1;
		}
		const focal = { x: place.x + place.w / 2, y: place.y + place.h / 2 };
		const crop = clampRect({ x: focal.x - w / 2, y: focal.y - h / 2, w, h });
		return { ...DEFAULT_FRAMING, crop, aspect, focal };
	};
}

/** Hides a place in the picture (a name plate, a street sign) in every published size. */
function hide(hint: string, style: 'blur' | 'pixelate'): DemoPhoto['framing'] {
	return (scene) => {
		const place = scene.hints[hint];
		if (!place) throw new Error(`The scene has no place called ${hint}`);
		return { ...DEFAULT_FRAMING, redactions: [{ ...place, style }] };
	};
}

export const STORIES: DemoStory[] = [
	{
		key: 'window',
		owner: 'michal',
		language: 'he',
		title: 'חלון עם עציצים',
		narrative: `כשעברתי לדירה הזאת היו לי שתי מזוודות, שני ילדים וחלון אחד שפונה למזרח. לא היה לי כוח לקנות רהיטים, אז קניתי עציץ. אחר כך עוד אחד.

כל בוקר אני משקה אותם לפני שהילדים מתעוררים. זה הזמן היחיד ביום שהוא רק שלי. אני מסתכלת על הגגות ויודעת שאף אחד לא יבוא לצעוק, ושהשקט הזה שלי.

לקח לי הרבה זמן לבקש עזרה. כשסוף־סוף ביקשתי, העובדת הסוציאלית לא שאלה למה לא עזבתי קודם. היא שאלה מה אני צריכה עכשיו. המשפט הזה שינה לי הכול.

בלילה אני מדליקה מנורה קטנה על אדן החלון. הילדים קוראים לה "המנורה של אמא". הייתי רוצה שמי שבונים שירותים יידעו: לפעמים מה שעוזר הוא שאלה אחת נכונה, ודלת שנשארת פתוחה.`,
		roles: ['parent', 'dreamer'],
		freeTags: ['התחלה חדשה'],
		attribution: 'pseudonym',
		pseudonym: 'נוגה',
		showed: {
			see: 'חלון, שלושה עציצים וגגות של שכונה שקטה.',
			happening: 'בוקר רגיל. אני משקה את הצמחים לפני שכולם קמים.',
			ourLives: 'רבות ורבים מאיתנו בונים בית מחדש מדברים קטנים. עציץ הוא התחלה שאפשר להרשות לעצמך.',
			why: 'כי עזרה מגיעה מאוחר מדי כשמבקשים ממך להסביר ולהצדיק לפני שמקשיבים לך.',
			do: 'לשאול "מה את צריכה עכשיו?" ולא "למה לא הלכת קודם?", ולהשאיר את הדלת פתוחה גם למי שחוזרות אחרי זמן.'
		},
		photos: [
			{
				scene: () => scenes.windowWithPlants('day'),
				alt: 'חלון שפונה לגגות של שכונה, ועל האדן שלושה עציצים: סנסווריה גבוהה, בזיליקום ופותוס שמשתלשל מטה.',
				caption: 'הבוקר, לפני שכולם קמים.'
			},
			{
				scene: () => scenes.windowWithPlants('night'),
				alt: 'אותו חלון בלילה: ירח דק, כוכבים, ומנורה קטנה דולקת על האדן בין העציצים.',
				caption: '"המנורה של אמא".'
			}
		]
	},
	{
		key: 'neighbour',
		owner: 'michal',
		language: 'he',
		title: 'השכנה מהקומה השלישית',
		narrative: `אף פעם לא סיפרתי לה כלום. היא פשוט שמה לב.

יום אחד מצאתי על הידית שקית עם לחם טרי ופתק: "אפיתי יותר מדי". אחרי שבוע עוד שקית. היא אף פעם לא שאלה שאלות, ואף פעם לא דפקה בדלת בשעות שהוא היה בבית.

כשהחלטתי ללכת, היא הייתה הראשונה שידעה. היא לא אמרה לי מה לעשות. היא נתנה לי מספר טלפון ושאלה אם אני רוצה שתשמור אצלה תיק.

אני חושבת הרבה על מה שהיא עשתה. היא לא הצילה אותי; היא עזרה לי להציל את עצמי. הייתי רוצה שבכל בניין יהיה מישהו שיודע איך עושים את זה, ויודע למי אפשר לפנות.`,
		roles: ['neighbour', 'friend'],
		freeTags: ['שכנות'],
		attribution: 'anonymous',
		photos: [
			{
				scene: () => scenes.stairwellDoor(),
				alt: 'דלת עץ בחדר מדרגות מואר, ועל הידית תלויה שקית נייר עם לחם. שלט השם על הדלת מטושטש.',
				framing: hide('namePlate', 'pixelate')
			}
		]
	},
	{
		key: 'swing',
		owner: 'salma',
		language: 'ar',
		title: 'الأرجوحة',
		narrative: `في حيّنا حديقة صغيرة فيها أرجوحتان. واحدة كانت مكسورة سنتين كاملتين، والثانية يتناوب عليها كل أولاد الحيّ.

آخذ ابني وابنتي إلى هناك كل يوم بعد العمل. هناك تعرّفت على نساء أخريات من الحيّ. في البداية كنّا نتحدث عن الأولاد فقط، ثم صرنا نتحدث عن كل شيء: عن البيت، وعن الخوف، وعن الأماكن التي يمكن أن تلجأ إليها المرأة إذا احتاجت.

الحديقة ليست مجرد مكان للّعب. هي المكان الوحيد الذي أستطيع أن أتكلم فيه بحرية، بعيدًا عن البيت وعن العيون.

أتمنى أن يفهم المسؤولون في البلدية أنّ إصلاح أرجوحة وإضاءة الحديقة في المساء ليسا رفاهية. هما جزء من الأمان.`,
		roles: ['parent', 'worker'],
		freeTags: ['الحديقة العامة'],
		attribution: 'own_name',
		showed: {
			see: 'أرجوحتان في حديقة الحيّ قبل الغروب، ولافتة الشارع عند الزاوية.',
			happening: 'الأولاد يلعبون، والأمهات يجلسن على المقعد ويتحدثن.',
			ourLives:
				'بالنسبة لكثير من النساء، الحديقة هي المكان الوحيد خارج البيت الذي لا يحتجن فيه إلى إذن.',
			why: 'لأنّ الأماكن العامة الآمنة قليلة، والحديقة مظلمة بعد المغرب.',
			do: 'إصلاح الألعاب، وإضاءة الحديقة، ووضع لوحة صغيرة بأرقام خطوط المساعدة قرب المقعد.'
		},
		photos: [
			{
				scene: () => scenes.swing(),
				alt: 'حديقة حيّ قبل الغروب: أرجوحتان على إطار أخضر، وكرة حمراء على الرمل، ومقعد خشبي. لافتة الشارع مموّهة.',
				caption: 'بعد العمل، كل يوم.',
				framing: hide('sign', 'blur')
			}
		]
	},
	{
		key: 'twoCups',
		owner: 'hanan',
		language: 'ar',
		title: 'فنجانان على الطاولة',
		narrative: `منذ أن توفي زوجي قبل ثلاث سنوات، صار البيت هادئًا أكثر مما أحتمل. أولادي يعيشون بعيدًا ويتصلون كل جمعة.

جارتي أم نبيل تأتي كل صباح في الساعة التاسعة. أحضّر القهوة في فنجانين، وأضع صحن المعمول. أحيانًا نتحدث ساعة كاملة، وأحيانًا نجلس صامتتين ونستمع إلى الراديو.

هذان الفنجانان هما السبب في أن أرتّب البيت وأرتدي ثيابي في الصباح. عندما مرضت أم نبيل أسبوعًا، شعرت أنّ اليوم كله بلا بداية.

أريد أن يعرف من يخطّط لكبار السنّ أنّ الوحدة لا تُحلّ بزيارة مرة في الشهر. نحتاج إلى شيء صغير يتكرر كل يوم.`,
		roles: ['grandparent', 'neighbour', 'friend'],
		freeTags: [],
		attribution: 'own_name',
		photos: [
			{
				scene: () => scenes.kitchenTable(),
				alt: 'طاولة مطبخ عليها مفرش مطرّز، وفنجانا قهوة ساخنة، وصحن معمول، ومزهرية صغيرة فيها غصن زيتون.',
				caption: 'التاسعة صباحًا.'
			}
		]
	},
	{
		key: 'bench',
		owner: 'yosef',
		language: 'he',
		title: 'הספסל בשדרה',
		narrative: `אני בן שמונים ואחת. אחרי שרחל נפטרה, גיליתי שאפשר לעבור יום שלם בלי לומר מילה לאף אחד.

הבת שלי הציעה שאצא להליכה. יצאתי, והתיישבתי על הספסל בשדרה מול הבניין. למחרת ישב שם גם בנימין מהבניין הסמוך, עם לוח שש־בש. מאז אנחנו משחקים כמעט כל יום. לפעמים מצטרפים עוד שניים־שלושה, ויש ימים שאנחנו רק מאכילים את היונים.

הספסל הזה הוא המועדון שלי. אין לו שעות פתיחה ואין בו טפסים.

לפני חצי שנה הורידו את הספסלים בשדרה הסמוכה "בגלל שיפוצים". אף אחד לא שאל את מי שישבו עליהם. אני מבקש: לפני שמזיזים ספסל, תשאלו מי יושב עליו.`,
		roles: ['grandparent', 'friend'],
		freeTags: ['שש־בש'],
		attribution: 'own_name',
		showed: {
			see: 'ספסל עץ מתחת לעץ גדול בשדרה, ויונים על השביל.',
			happening: 'בוקר. עוד מעט יגיע בנימין עם הלוח.',
			ourLives: 'לאנשים מבוגרים רבים, מקום מפגש בחוץ קרוב לבית הוא ההבדל בין יום עם שיחה ליום בלי.',
			why: 'כי מתכננים את המרחב הציבורי בלי לשאול את מי שמשתמשים בו כל יום.',
			do: 'לשמור ספסלים בצל, להוסיף שולחן קטן למשחק, ולשאול את הדיירים לפני שמשנים.'
		},
		photos: [
			{
				scene: () => scenes.bench(),
				alt: 'ספסל עץ מתחת לעץ רחב בשדרה בבוקר, ועליו כובע ועיתון; שתי יונים על השביל ופנס רחוב.',
				caption: 'המועדון שלי.',
				framing: cropAround('bench', '3:2', 0.7)
			},
			{
				scene: () => scenes.backgammon(),
				alt: 'לוח שש־בש באמצע משחק, במבט מלמעלה, עם שתי קוביות ושתי כוסות תה על שולחן עץ.',
				caption: 'בנימין תמיד לוקח את הלבנים.'
			}
		]
	},
	{
		key: 'bus',
		owner: 'ruth',
		language: 'en',
		title: 'The 6:10 bus',
		narrative: `I have been a volunteer at the day centre for eleven years. Three mornings a week I take the 6:10 bus, the first one, when the street lights are still on.

The driver knows me. He waits if he sees me coming down the hill with my stick. On the bus there are always the same faces: a nurse going home from a night shift, two students with big headphones, a woman on her way to clean offices. We don't talk much, but we nod.

Last winter the line was cut to one bus an hour. For two months I could not get to the centre on time, and I stopped going. It surprised me how quickly the days became empty.

The line is back now. When people talk about loneliness they talk about visits and phone calls. For me it was a bus timetable.`,
		roles: ['volunteer'],
		freeTags: ['public transport'],
		attribution: 'pseudonym',
		pseudonym: 'R. from Hadar',
		showed: {
			see: 'An empty bus stop at dawn, and the first bus coming along the road.',
			happening: 'It is ten past six. The street lights are still on.',
			ourLives: 'For many older people the day starts only if the way out of the house works.',
			why: 'Because bus lines are planned by the number of passengers, and we are few at six in the morning.',
			do: 'Keep the early lines that take people to work and to volunteer, and ask us before cutting them.'
		},
		photos: [
			{
				scene: () => scenes.busStopAtDawn(),
				alt: 'A bus stop at dawn: an empty shelter with an orange bench, street lights still on, a green bus with lit windows approaching, and the city skyline against a pink sky.',
				caption: '6:10, the first bus.'
			},
			{
				scene: () => scenes.busDriver(),
				alt: 'The green bus at the stop, seen from the pavement: the driver in a blue cap waves from behind the big front window, and a nurse in green scrubs sits at the next window.',
				caption: 'He waits if he sees me coming.',
				// The driver agreed to be shown to everyone; the nurse has not answered yet.
				people: [
					{
						hint: 'driver',
						style: 'pixelate',
						who: 'Moshe, who drives the 6:10',
						ask: { widest: 'public', locale: 'he' },
						agreed: { signer: 'self' }
					},
					{
						hint: 'nurse',
						style: 'blur',
						who: 'the nurse going home from her night shift',
						ask: { widest: 'public', locale: 'ar' }
					}
				]
			}
		]
	},
	{
		key: 'postcards',
		owner: 'ruth',
		language: 'en',
		title: 'Postcards to my grandchildren',
		narrative: `My grandchildren live in three countries. They send me messages on the phone, and I answer with postcards.

Every Sunday I choose three cards at the kiosk near the post office, sit at the kitchen table with my reading glasses and write one to each of them. I tell them about the weather, the sea, the flowers on the balcony and what I read in the newspaper. They say nobody else sends them real post.

The post office in our neighbourhood is closing in the spring. The kiosk will stay, but stamps will be sold only at the mall, two buses away.

It is a small thing. But small things are what a week is made of.`,
		roles: ['grandparent', 'friend'],
		freeTags: [],
		attribution: 'own_name',
		photos: [
			{
				scene: () => scenes.postcards(),
				alt: 'Four postcards on a checked tablecloth (the sea, mountains, flowers, and one with handwriting and a stamp), with round reading glasses, a blue pen and a cup of tea with lemon.',
				caption: 'Sunday afternoon.'
			}
		]
	},
	{
		key: 'telescope',
		owner: 'noam',
		language: 'he',
		title: 'טלסקופ על הגג',
		narrative: `בכיתה ט' המורה לפיזיקה שאלה מי רוצה להישאר בערב על הגג של בית הספר. היו שם טלסקופ ישן ושבעה תלמידים ותלמידות. אני הייתי היחיד מהשכבה שלי.

באותו לילה ראיתי את הטבעות של שבתאי. הן היו קטנות ולבנות, ונראו כמו מדבקה. לא האמנתי שזה אמיתי.

מאז אני בא כל יום רביעי. אני מצייר מפות כוכבים במחברת, ובשנה שעברה הסברתי לכיתה ז' איך מוצאים את כוכב הצפון.

אצלנו בבית אף אחד לא למד מדעים. אם המורה לא הייתה שואלת, לא הייתי יודע שזה בשבילי. הייתי רוצה שכל בית ספר יפתח את הגג שלו בערב, גם בשכונות שאין בהן מצפה כוכבים.`,
		roles: ['learner', 'dreamer'],
		freeTags: ['אסטרונומיה'],
		attribution: 'own_name',
		showed: {
			see: 'טלסקופ על חצובה על גג בית הספר, שמיים מלאי כוכבים ומחברת עם מפת כוכבים.',
			happening: 'ערב רביעי. עוד רגע תורי להסתכל.',
			ourLives: 'הרבה תלמידים ותלמידות לא פוגשים מדע מחוץ לכיתה, ולא יודעים שמותר להם לאהוב אותו.',
			why: 'כי חוגים עולים כסף, ומצפה הכוכבים רחוק מהשכונה שלנו.',
			do: 'לפתוח את בתי הספר בערב, ולתת למורים ולמורות זמן לפעילות כזאת.'
		},
		photos: [
			{
				scene: () => scenes.telescope(),
				alt: 'טלסקופ לבן על חצובה על גג בית ספר בלילה: שמיים כחולים־כהים מלאי כוכבים, ירח דק, ומחברת פתוחה עם ציורי קבוצות כוכבים.',
				caption: 'יום רביעי, תשע בערב.'
			}
		]
	},
	{
		key: 'seedling',
		owner: 'lina',
		language: 'ar',
		title: 'شتلة في ساحة المدرسة',
		narrative: `في الصف العاشر قرّرنا، أنا وثلاث صديقات، أن نزرع حديقة في زاوية مهملة من ساحة المدرسة. وافقت المعلّمة بشرط أن نقيس كل شيء: درجة الحرارة، والرطوبة، وكمية الماء.

تعلّمت من الحديقة أكثر مما تعلّمت من كتاب الأحياء. عندما ذبلت شتلات البندورة، بحثنا عن السبب ووجدنا أنّ التربة مالحة. غيّرنا التربة، وكتبنا تقريرًا قدّمناه في معرض العلوم.

لم أكن أعرف أنّ ما نفعله اسمه بحث علمي. ظننت أنّ العلماء أشخاص في مختبرات بعيدة، لا بنات من حيّنا.

أتمنى أن تحصل كل مدرسة على قطعة أرض صغيرة ومعلّمة تثق بطلابها.`,
		roles: ['learner', 'activist'],
		freeTags: ['البستنة'],
		attribution: 'pseudonym',
		pseudonym: 'زيتونة',
		photos: [
			{
				scene: () => scenes.seedling(),
				alt: 'يدان تحملان قليلًا من التراب تنبت منه شتلة صغيرة بورقتين خضراوين، والضوء يسقط عليها من فوق.',
				caption: 'أول شتلة نجت.',
				framing: cropAround('seedling', '1:1', 0.9)
			},
			{
				scene: () => scenes.schoolGarden(),
				alt: 'أحواض زراعة خشبية في ساحة المدرسة فيها خسّ وأعشاب وبندورة على دعامات، ومرشّة ماء زرقاء، وخلفها مبنى المدرسة.'
			}
		]
	},
	{
		key: 'robot',
		owner: 'daniel',
		language: 'en',
		title: "The robot that wouldn't turn left",
		narrative: `Our team had six weeks to build a robot that follows a black line. Ours went straight, beautifully, and then drove off the paper at every left turn.

I was the new kid. My Hebrew was not good yet, so in meetings I mostly kept quiet. But I could read the code, because code is the same in every language. One evening I found the bug: the left sensor was wired to the right pin.

The next day the robot turned left. The others cheered, and after that they asked me before changing anything. It was the first time since we arrived that I felt I belonged somewhere.

I think schools should have more projects like this, where you can show what you know even before you can say it.`,
		roles: ['learner', 'friend'],
		freeTags: ['robotics'],
		attribution: 'anonymous',
		photos: [
			{
				scene: () => scenes.robot(),
				alt: 'A small orange robot with two wheels and round sensors on a curving black line drawn on a sheet of paper, next to a laptop showing lines of code and two sticky notes.',
				caption: 'Week five: it turns left.'
			}
		]
	},
	{
		key: 'dayCentre',
		owner: 'ruth',
		language: 'en',
		draft: true,
		title: 'Thursdays at the day centre',
		narrative: `On Thursdays a friend of mine runs the knitting circle at the day centre. She is eighty-six and she can knit without looking, so she looks at us instead.

I am not sure yet what to write. Maybe that a circle needs one person who always comes.`,
		roles: ['volunteer', 'friend'],
		freeTags: ['day centre'],
		attribution: 'own_name',
		photos: [
			{
				scene: () => scenes.dayCentre(),
				alt: 'A woman with grey curls and round glasses looks up from her knitting across a table at the day centre: balls of yarn, a half-made red scarf, and a window behind her.',
				// Not framed yet: the framing editor suggests hiding her face.
				suggests: 'face'
			}
		]
	}
];

export interface DemoPlacement {
	story: StoryKey;
	/** Index of the exhibition's section. */
	section: number;
	size: PlacementSize;
	/** What the curator wrote to the participant, in the participant's language. */
	note: string;
	/** The themes of the exhibition this story informs (the participant agrees to them). */
	themes: ThemeKey[];
	/** The participant's answer; absent while the request waits for them. */
	approve?: {
		/** Indexes of the story's photos shown here; all of them when absent. */
		photos?: number[];
		attribution: Attribution;
		pseudonym?: string;
		length: 'none' | 'one_year';
	};
}

export interface DemoExhibition {
	key: 'public' | 'partners';
	title: LocalizedText;
	introduction: LocalizedText;
	audience: 'public' | 'partners';
	themes: ThemeKey[];
	sections: { title: LocalizedText; body: LocalizedText }[];
	placements: DemoPlacement[];
	/** The story whose first photo is the cover. */
	cover?: StoryKey;
}

export const EXHIBITIONS: DemoExhibition[] = [
	{
		key: 'public',
		title: {
			he: 'התפקידים שאנחנו ממלאים',
			ar: 'الأدوار التي نؤديها',
			en: 'The roles we play'
		},
		introduction: {
			he: 'הורים, שכנות, סבים, תלמידות ומתנדבים: מומחים ומומחיות מניסיון מספרים בתמונות ובמילים על התפקידים שהם ממלאים בבית, בשכונה ובבית הספר. כל סיפור מוצג כפי שבעליו בחרו: באיזו מסגרת, באיזה שם ולכמה זמן. התערוכה מזינה את עבודתן של שלוש קבוצות העבודה של היוזמה.',
			ar: 'آباء وأمهات، وجارات، وأجداد، وطالبات، ومتطوعون: خبراء وخبيرات بالتجربة يروون بالصور والكلمات الأدوار التي يؤدّونها في البيت وفي الحيّ وفي المدرسة. تُعرض كل قصة كما اختار أصحابها: بأيّ إطار، وبأيّ اسم، ولأيّ مدة. يغذّي المعرض عمل مجموعات العمل الثلاث في المبادرة.',
			en: "Parents, neighbours, grandparents, students and volunteers: experts by experience tell in pictures and words of the roles they play at home, in the neighbourhood and at school. Every story is shown as its author chose: how it is framed, under which name, and for how long. The exhibition feeds the work of the initiative's three working groups."
		},
		audience: 'public',
		themes: ['askEarly', 'meetingPlaces', 'scienceMine'],
		sections: [
			{
				title: { he: 'בבית', ar: 'في البيت', en: 'At home' },
				body: {
					he: 'הבית שבונים מחדש, והאנשים שעוזרים לבנות אותו.',
					ar: 'البيت الذي يُبنى من جديد، والناس الذين يساعدون على بنائه.',
					en: 'The home that is built again, and the people who help build it.'
				}
			},
			{
				title: { he: 'בשכונה', ar: 'في الحيّ', en: 'In the neighbourhood' },
				body: {
					he: 'ספסל, קפה של בוקר, האוטובוס הראשון: המקומות הקטנים שבהם נפגשים.',
					ar: 'مقعد، وقهوة الصباح، وأول حافلة: الأماكن الصغيرة التي نلتقي فيها.',
					en: 'A bench, a morning coffee, the first bus: the small places where people meet.'
				}
			},
			{
				title: { he: 'בבית הספר', ar: 'في المدرسة', en: 'At school' },
				body: {
					he: 'תלמידות ותלמידים מספרים מתי הרגישו לראשונה שמדע הוא גם בשבילם.',
					ar: 'طالبات وطلاب يروون متى شعروا لأول مرة أنّ العلم لهم أيضًا.',
					en: 'Students tell when they first felt that science was for them too.'
				}
			}
		],
		placements: [
			{
				story: 'window',
				themes: ['askEarly'],
				section: 0,
				size: 'large',
				note: 'החלון שלך מספר על התחלה חדשה בלי מילה מיותרת. נשמח להציג אותו בגדול, בפתח התערוכה.',
				approve: { attribution: 'pseudonym', pseudonym: 'נוגה', length: 'none' }
			},
			{
				story: 'swing',
				themes: ['askEarly'],
				section: 0,
				size: 'medium',
				note: 'قصة الأرجوحة تلخّص ما تناقشه مجموعة العمل عن الأماكن الآمنة. هل توافقين على عرضها في المعرض العام؟ يمكنك اختيار اسم آخر لهذا المعرض.',
				approve: { attribution: 'pseudonym', pseudonym: 'أم يوسف', length: 'none' }
			},
			{
				story: 'neighbour',
				themes: ['meetingPlaces'],
				section: 0,
				size: 'small',
				note: 'קבוצת העבודה ביקשה לשתף את הסיפור על השכנה גם בתערוכה הפתוחה, בקטן ובלי שם. אין שום לחץ, ואפשר גם לסרב.'
			},
			{
				story: 'bench',
				themes: ['meetingPlaces'],
				section: 1,
				size: 'full',
				note: 'הספסל שלך יפתח את החלק על השכונה, לכל הרוחב. אפשר לבחור אילו תמונות יוצגו.',
				approve: { photos: [0], attribution: 'own_name', length: 'none' }
			},
			{
				story: 'twoCups',
				themes: ['meetingPlaces'],
				section: 1,
				size: 'medium',
				note: 'فنجانا القهوة يقولان الكثير عن الوحدة وعن الجيرة. نقترح عرض القصة في قسم «في الحيّ».',
				approve: { attribution: 'own_name', length: 'none' }
			},
			{
				story: 'bus',
				themes: ['meetingPlaces'],
				section: 1,
				size: 'small',
				note: 'Your story about the 6:10 bus is what the discussion on transport needs. We would show it small, next to the bench.',
				approve: { attribution: 'pseudonym', pseudonym: 'R. from Hadar', length: 'one_year' }
			},
			{
				story: 'telescope',
				themes: ['scienceMine'],
				section: 2,
				size: 'large',
				note: 'הטלסקופ שלך יפתח את החלק על בית הספר. נשמח להציג אותו בגדול.',
				approve: { attribution: 'own_name', length: 'none' }
			},
			{
				story: 'seedling',
				themes: ['scienceMine'],
				section: 2,
				size: 'medium',
				note: 'حديقة المدرسة مثال رائع على ما تبحث عنه مجموعة التعليم العلمي. نقترح عرضها في قسم «في المدرسة».',
				approve: { attribution: 'pseudonym', pseudonym: 'زيتونة', length: 'none' }
			}
		],
		cover: 'window'
	},
	{
		key: 'partners',
		title: {
			he: 'מה שמענו — לקבוצות העבודה',
			ar: 'ما سمعناه — لمجموعات العمل',
			en: 'What we heard — for the working groups'
		},
		introduction: {
			he: 'סיפורים שמשתתפים ומשתתפות הסכימו להראות לחברי היוזמה וחברותיה בלבד, כחומר לדיון בקבוצות העבודה. בבקשה לא לצטט מהם מחוץ ליוזמה.',
			ar: 'قصص وافق المشاركون والمشاركات على عرضها لأعضاء المبادرة فقط، كمادة للنقاش في مجموعات العمل. يُرجى عدم الاقتباس منها خارج المبادرة.',
			en: "Stories that participants agreed to show only to the initiative's members, as material for discussion in the working groups. Please do not quote them outside the initiative."
		},
		audience: 'partners',
		themes: ['neighbours', 'gettingOut', 'scienceMine'],
		sections: [
			{
				title: {
					he: 'לדיון בקבוצות',
					ar: 'للنقاش في المجموعات',
					en: 'For discussion in the groups'
				},
				body: {}
			}
		],
		placements: [
			{
				story: 'neighbour',
				themes: ['neighbours'],
				section: 0,
				size: 'medium',
				note: 'הסיפור על השכנה חשוב מאוד לקבוצת העבודה "ביטחון בבית". הצעה: להציג אותו רק לחברי היוזמה, בלי שם.',
				approve: { attribution: 'anonymous', length: 'none' }
			},
			{
				story: 'swing',
				themes: ['neighbours'],
				section: 0,
				size: 'medium',
				note: 'نودّ عرض قصتك على أعضاء المبادرة، فالبلدية شريكة في مجموعة العمل.',
				approve: { attribution: 'own_name', length: 'none' }
			},
			{
				story: 'postcards',
				themes: ['gettingOut'],
				section: 0,
				size: 'small',
				note: 'The working group on loneliness is discussing the closing of the post office. May we show them your postcards?',
				approve: { attribution: 'own_name', length: 'none' }
			},
			{
				story: 'robot',
				themes: ['scienceMine'],
				section: 0,
				size: 'medium',
				note: 'The science education group would like to read how the robot project made you feel you belonged. It would be shown without a name, as you chose.',
				approve: { attribution: 'anonymous', length: 'none' }
			}
		]
	}
];
