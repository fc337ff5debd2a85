// The web pages' text (home, privacy, terms, install results) in every language. `en` defines the
// keys; the compiler checks the others have them all.
import type { Locale } from "../i18n/locale";

const en = {
  "lang.name": "English",
  "site.title": "Trauma Code Bot",
  "site.tagline":
    "A fan bot for The Trauma Code: Heroes on Call (중증외상센터) on Discord and Slack: characters, episodes, the real stories behind the show, and season 2 and 3 news with every claim labelled.",
  "nav.language": "Language",
  "add.title": "Add it",
  "add.discordServer": "Add to Discord server",
  "add.discordServerNote": "Commands for everyone in the server, and renewal alerts in its channels.",
  "add.discordAccount": "Add to my Discord account",
  "add.discordAccountNote":
    "Your own copy: use the commands in any server, DM or group DM (answers only you see where the server has not added it).",
  "add.slack": "Add to Slack",
  "add.slackNote": "Commands and renewal alerts in your workspace.",
  "add.unavailable": "Not set up on this deployment.",
  "examples.title": "What the answers look like",
  "examples.note": "Rendered live from the bot's own data, as Discord and Slack would show them.",
  "examples.discord": "Discord",
  "examples.slack": "Slack",
  "examples.unavailable": "The examples are not available right now.",
  "commands.title": "Commands",
  "commands.language":
    "Every command answers in English, Korean, Indonesian or Tagalog. On Discord it answers in your app's language when that is Korean or Indonesian; Discord has no Tagalog, so for Tagalog pick Tagalog in a command's language option (it offers the other three too). On Slack, which does not say your language, add lang:ko, lang:id or lang:tl.",
  "data.title": "Where the data comes from",
  "data.text":
    "Every record names its sources (the press, the original author, episode recaps and fan articles). News is labelled official, author statement, report or rumor, so a rumor is never passed off as fact. This is an unofficial fan project, not affiliated with Netflix or the producers.",
  "footer.privacy": "Privacy",
  "footer.terms": "Terms",
  "footer.home": "Home",
  "privacy.title": "Privacy",
  "privacy.body":
    "The bot answers commands without storing what you type.\n\nWhen someone turns on renewal alerts in a channel, it keeps: the platform, the server or workspace id, the channel id, the language, the id of the person who turned them on and when, and per news item whether it was delivered and the id of the post it made. Turning alerts off keeps that record, with the id of the person who turned them off and when, so that the status can say so. Removing the app from a Slack workspace stops its channels' alerts and keeps their records, so that installing it again turns them back on.\n\nWhen a Slack workspace installs the app, it keeps the workspace's id and name (and its organization's id, if any), the installer's user id, the app's and the bot user's ids, the granted scopes, when it was installed, and the bot token, encrypted. Uninstalling deletes the installation. During an install your browser keeps three cookies for at most 10 minutes: one ties the install to your browser, one keeps the page's language, and one lets the confirmation page name the workspace.\n\nWhen a reviewer publishes, dismisses or withdraws a news item, their user id is kept with it.\n\nLogs contain the command name, the outcome and timings, and the ids of the interaction, server or workspace, channel and subscription concerned, and of anyone who pressed a review button, reviewer or not; never tokens or what you typed. Nothing is sold or shared. To have a record removed, ask the operator of this deployment.",
  "terms.title": "Terms",
  "terms.body":
    "This is a free, unofficial fan bot. It is not affiliated with Netflix, the studio or the original author; names and titles belong to their owners.\n\nAnswers summarise public sources in our own words and link to them; the sources are authoritative, not the bot. News labelled report or rumor is unconfirmed.\n\nThe bot is provided as is, without guarantees of availability. Do not use it to spam or to attack the service. It may change or stop at any time.",
  "install.notConfigured": "Installing into Slack is not set up on this deployment.",
  "install.cancelled": "The installation was cancelled on Slack's page. Nothing was installed.",
  "install.badRequest": "This link is incomplete. Start again from the Add to Slack button.",
  "install.badState":
    "This installation link has expired, was already used, or was started in another browser. Start again from the Add to Slack button.",
  "install.badCode":
    "Slack did not accept this installation (the code was invalid or expired). Start again from the Add to Slack button.",
  "install.unreachable":
    "Slack could not be reached to finish the installation. Please start again from the Add to Slack button in a moment.",
  "install.failed":
    "The installation could not be finished on our side. Please start again from the Add to Slack button in a moment.",
  "install.orgWide":
    "This bot installs into one workspace at a time, not into a whole Enterprise Grid organization, so the organization-wide installation was undone. Add it from each workspace that wants it.",
  "install.orgWideKept":
    "This bot installs into one workspace at a time, not into a whole Enterprise Grid organization, and the organization-wide installation could not be undone from here: an org admin can remove it from the organization's apps. Then add it from each workspace that wants it.",
  "install.scopesMissing":
    "The installation did not go through: Slack granted the bot fewer permissions than it needs. Missing: {scopes}. Install again and allow every permission Slack's page lists (a workspace admin may have to approve them).",
  "install.scopesMissingKept":
    "The installation did not go through: Slack granted the bot fewer permissions than it needs. Missing: {scopes}. The bot already installed in {workspace} keeps working as before. Install again and allow every permission Slack's page lists (a workspace admin may have to approve them).",
  "install.done": "Installed in {workspace}. Type /help in any channel to start; /renewal alerts on posts season news there.",
  "install.title": "Slack installation",
  "notFound.title": "Page not found",
  "notFound.body": "There is no page at this address. The bot's commands, examples and install buttons are on the home page.",
} as const;

export type WebKey = keyof typeof en;
type Catalogue = Record<WebKey, string>;

const ko: Catalogue = {
  "lang.name": "한국어",
  "site.title": "중증외상센터 봇",
  "site.tagline":
    "디스코드와 슬랙에서 쓰는 넷플릭스 드라마 중증외상센터 팬 봇이에요. 등장인물, 회차, 드라마 뒤의 실제 이야기, 그리고 시즌 2·3 소식을 출처와 구분 표시와 함께 알려 줘요.",
  "nav.language": "언어",
  "add.title": "추가하기",
  "add.discordServer": "디스코드 서버에 추가",
  "add.discordServerNote": "서버 멤버 모두가 명령어를 쓰고, 채널에서 후속 시즌 알림을 받을 수 있어요.",
  "add.discordAccount": "내 디스코드 계정에 추가",
  "add.discordAccountNote":
    "나만의 봇: 어느 서버, DM, 그룹 DM에서나 명령어를 쓸 수 있어요 (봇이 없는 서버에서는 나에게만 보이는 답).",
  "add.slack": "슬랙에 추가",
  "add.slackNote": "워크스페이스에서 명령어와 후속 시즌 알림을 쓸 수 있어요.",
  "add.unavailable": "이 배포에서는 설정되지 않았어요.",
  "examples.title": "이렇게 답해요",
  "examples.note": "봇의 실제 데이터로 디스코드와 슬랙 화면처럼 그렸어요.",
  "examples.discord": "디스코드",
  "examples.slack": "슬랙",
  "examples.unavailable": "지금은 예시를 보여 줄 수 없어요.",
  "commands.title": "명령어",
  "commands.language":
    "모든 명령어는 영어, 한국어, 인도네시아어, 타갈로그어로 답해요. 디스코드에서는 앱 언어가 한국어나 인도네시아어면 그 언어로 답해요. 디스코드에는 타갈로그어 설정이 없어서, 타갈로그어는 명령어의 언어 옵션에서 타갈로그어를 골라요(다른 세 언어도 고를 수 있어요). 언어를 알려 주지 않는 슬랙에서는 lang:ko, lang:id, lang:tl을 붙여 주세요.",
  "data.title": "데이터 출처",
  "data.text":
    "모든 정보에 출처(언론 보도, 원작자, 회차 리뷰, 팬 글)가 붙어 있어요. 소식은 공식, 원작자 발언, 보도, 루머로 구분해서 루머를 사실처럼 전하지 않아요. 넷플릭스나 제작사와 관계없는 비공식 팬 프로젝트예요.",
  "footer.privacy": "개인정보",
  "footer.terms": "이용약관",
  "footer.home": "홈",
  "privacy.title": "개인정보 처리",
  "privacy.body":
    "봇은 입력한 내용을 저장하지 않고 명령어에 답해요.\n\n채널에서 후속 시즌 알림을 켜면 플랫폼, 서버나 워크스페이스 ID, 채널 ID, 언어, 알림을 켠 사람의 ID와 시각, 소식별 전송 여부와 보낸 메시지의 ID를 보관해요. 알림을 끄면 상태를 알려 주기 위해 기록이 남고, 끈 사람의 ID와 시각도 함께 보관해요. 슬랙 워크스페이스에서 앱을 삭제하면 그 채널들의 알림은 멈추지만 기록은 남아서, 다시 설치하면 알림이 다시 켜져요.\n\n슬랙 워크스페이스에 앱을 설치하면 워크스페이스 ID와 이름(조직이 있으면 조직 ID도), 설치한 사람의 ID, 앱과 봇 사용자의 ID, 허용된 권한, 설치 시각, 암호화된 봇 토큰을 보관해요. 앱을 삭제하면 설치 정보는 지워져요. 설치하는 동안 브라우저에는 최대 10분 동안 쿠키 세 개가 남아요. 설치를 이 브라우저와 이어 주는 쿠키, 페이지 언어를 기억하는 쿠키, 확인 페이지에 워크스페이스를 보여 주는 쿠키예요.\n\n검토자가 소식을 게시하거나 제외하거나 철회하면 검토자의 사용자 ID가 함께 보관돼요.\n\n로그에는 명령어 이름, 결과, 처리 시간과 함께 관련된 상호작용, 서버나 워크스페이스, 채널, 구독의 ID와 검토 버튼을 누른 사람(검토자가 아니어도)의 ID가 남아요. 토큰이나 입력한 내용은 남지 않아요. 어떤 정보도 팔거나 공유하지 않아요. 기록 삭제는 이 배포의 운영자에게 요청해 주세요.",
  "terms.title": "이용약관",
  "terms.body":
    "무료 비공식 팬 봇이에요. 넷플릭스, 제작사, 원작자와 관계가 없고, 이름과 제목의 권리는 각 권리자에게 있어요.\n\n답변은 공개된 출처를 우리 말로 요약하고 링크를 달아요. 기준은 봇이 아니라 출처예요. 보도나 루머로 표시된 소식은 확인되지 않은 내용이에요.\n\n봇은 있는 그대로 제공되며 항상 동작한다고 보장하지 않아요. 스팸이나 서비스 공격에 쓰지 말아 주세요. 언제든 바뀌거나 중단될 수 있어요.",
  "install.notConfigured": "이 배포에서는 슬랙 설치가 설정되지 않았어요.",
  "install.cancelled": "슬랙 화면에서 설치를 취소했어요. 아무것도 설치되지 않았어요.",
  "install.badRequest": "링크가 완전하지 않아요. '슬랙에 추가' 버튼부터 다시 시작해 주세요.",
  "install.badState":
    "설치 링크가 만료됐거나, 이미 쓰였거나, 다른 브라우저에서 시작됐어요. '슬랙에 추가' 버튼부터 다시 시작해 주세요.",
  "install.badCode":
    "슬랙이 이 설치를 받아들이지 않았어요 (코드가 잘못됐거나 만료됨). '슬랙에 추가' 버튼부터 다시 시작해 주세요.",
  "install.unreachable": "설치를 마치려고 슬랙에 연결하지 못했어요. 잠시 후 '슬랙에 추가' 버튼부터 다시 시작해 주세요.",
  "install.failed": "저희 쪽 문제로 설치를 마치지 못했어요. 잠시 후 '슬랙에 추가' 버튼부터 다시 시작해 주세요.",
  "install.orgWide":
    "이 봇은 워크스페이스마다 하나씩 설치돼요. 엔터프라이즈 그리드 조직 전체 설치는 지원하지 않아서 되돌렸어요. 필요한 워크스페이스에서 각각 추가해 주세요.",
  "install.orgWideKept":
    "이 봇은 워크스페이스마다 하나씩 설치돼요. 엔터프라이즈 그리드 조직 전체 설치는 지원하지 않는데, 여기서 되돌리지 못했어요. 조직 관리자가 조직의 앱 목록에서 삭제할 수 있어요. 그다음 필요한 워크스페이스에서 각각 추가해 주세요.",
  "install.scopesMissing":
    "설치가 완료되지 않았어요. 슬랙이 봇에 필요한 것보다 적은 권한만 허용했어요. 빠진 권한: {scopes}. 다시 설치하면서 슬랙 화면에 나오는 권한을 모두 허용해 주세요(워크스페이스 관리자의 승인이 필요할 수도 있어요).",
  "install.scopesMissingKept":
    "설치가 완료되지 않았어요. 슬랙이 봇에 필요한 것보다 적은 권한만 허용했어요. 빠진 권한: {scopes}. {workspace}에 이미 설치된 봇은 전처럼 계속 작동해요. 다시 설치하면서 슬랙 화면에 나오는 권한을 모두 허용해 주세요(워크스페이스 관리자의 승인이 필요할 수도 있어요).",
  "install.done":
    "{workspace}에 설치했어요. 아무 채널에서나 /help를 입력해 보세요. /renewal alerts on을 입력하면 그 채널에 시즌 소식이 올라와요.",
  "install.title": "슬랙 설치",
  "notFound.title": "페이지를 찾을 수 없어요",
  "notFound.body": "이 주소에는 페이지가 없어요. 봇의 명령어와 예시, 설치 버튼은 홈페이지에 있어요.",
};

const id: Catalogue = {
  "lang.name": "Bahasa Indonesia",
  "site.title": "Trauma Code Bot",
  "site.tagline":
    "Bot penggemar The Trauma Code: Heroes on Call (중증외상센터) di Discord dan Slack: karakter, episode, kisah nyata di balik drama, dan kabar musim 2 dan 3 dengan label di setiap klaim.",
  "nav.language": "Bahasa",
  "add.title": "Tambahkan",
  "add.discordServer": "Tambahkan ke server Discord",
  "add.discordServerNote": "Perintah untuk semua anggota server, dan notifikasi kelanjutan di channel-nya.",
  "add.discordAccount": "Tambahkan ke akun Discord-ku",
  "add.discordAccountNote":
    "Salinan milikmu: pakai perintahnya di server mana pun, DM atau grup DM (jawaban hanya terlihat olehmu di server yang belum menambahkannya).",
  "add.slack": "Tambahkan ke Slack",
  "add.slackNote": "Perintah dan notifikasi kelanjutan di workspace-mu.",
  "add.unavailable": "Belum disiapkan di deployment ini.",
  "examples.title": "Seperti inilah jawabannya",
  "examples.note": "Dibuat langsung dari data bot, seperti tampilan di Discord dan Slack.",
  "examples.discord": "Discord",
  "examples.slack": "Slack",
  "examples.unavailable": "Contoh belum bisa ditampilkan saat ini.",
  "commands.title": "Perintah",
  "commands.language":
    "Setiap perintah bisa menjawab dalam bahasa Inggris, Korea, Indonesia, atau Tagalog. Di Discord, bot menjawab dalam bahasa aplikasimu kalau itu bahasa Korea atau Indonesia; Discord tidak punya bahasa Tagalog, jadi untuk Tagalog pilih Tagalog di opsi bahasa pada perintah (tiga bahasa lainnya juga ada di sana). Di Slack, yang tidak memberi tahu bahasamu, tambahkan lang:ko, lang:id, atau lang:tl.",
  "data.title": "Asal datanya",
  "data.text":
    "Setiap data mencantumkan sumbernya (media, penulis aslinya, ulasan episode, dan artikel penggemar). Kabar diberi label resmi, pernyataan penulis, laporan atau rumor, jadi rumor tidak pernah disajikan sebagai fakta. Ini proyek penggemar tidak resmi, tidak berafiliasi dengan Netflix atau produsernya.",
  "footer.privacy": "Privasi",
  "footer.terms": "Ketentuan",
  "footer.home": "Beranda",
  "privacy.title": "Privasi",
  "privacy.body":
    "Bot menjawab perintah tanpa menyimpan apa yang kamu ketik.\n\nSaat seseorang menyalakan notifikasi kelanjutan di sebuah channel, bot menyimpan: platform, ID server atau workspace, ID channel, bahasa, ID orang yang menyalakannya dan kapan, serta untuk tiap kabar apakah sudah terkirim dan ID pesan yang dikirim. Mematikan notifikasi tetap menyimpan catatan itu, bersama ID orang yang mematikannya dan kapan, supaya status bisa menyebutnya. Mencopot aplikasi dari workspace Slack menghentikan notifikasi channel-channelnya tetapi menyimpan catatannya, supaya memasangnya lagi menyalakannya kembali.\n\nSaat workspace Slack memasang aplikasinya, bot menyimpan ID dan nama workspace (dan ID organisasinya, jika ada), ID pengguna yang memasang, ID aplikasi dan pengguna bot, izin yang diberikan, waktu pemasangan, dan token bot yang dienkripsi. Mencopot aplikasi menghapus data pemasangan. Selama pemasangan, browser-mu menyimpan tiga cookie paling lama 10 menit: satu mengaitkan pemasangan dengan browser-mu, satu menyimpan bahasa halaman, dan satu agar halaman konfirmasi bisa menyebut workspace-nya.\n\nSaat peninjau menerbitkan, mengabaikan, atau menarik sebuah kabar, ID pengguna peninjau disimpan bersamanya.\n\nLog berisi nama perintah, hasil dan waktu, serta ID interaksi, server atau workspace, channel, dan langganan yang bersangkutan, juga ID siapa pun yang menekan tombol tinjauan, peninjau atau bukan; tidak pernah token atau yang kamu ketik. Tidak ada data yang dijual atau dibagikan. Untuk menghapus sebuah catatan, hubungi pengelola deployment ini.",
  "terms.title": "Ketentuan",
  "terms.body":
    "Ini bot penggemar gratis dan tidak resmi. Tidak berafiliasi dengan Netflix, studio, maupun penulis aslinya; nama dan judul milik pemiliknya masing-masing.\n\nJawaban merangkum sumber publik dengan kata-kata kami sendiri dan menautkannya; yang menjadi acuan adalah sumbernya, bukan bot. Kabar berlabel laporan atau rumor belum terkonfirmasi.\n\nBot disediakan apa adanya, tanpa jaminan selalu tersedia. Jangan gunakan untuk spam atau menyerang layanan. Bot bisa berubah atau berhenti kapan saja.",
  "install.notConfigured": "Pemasangan ke Slack belum disiapkan di deployment ini.",
  "install.cancelled": "Pemasangan dibatalkan di halaman Slack. Tidak ada yang dipasang.",
  "install.badRequest": "Tautan ini tidak lengkap. Mulai lagi dari tombol Tambahkan ke Slack.",
  "install.badState":
    "Tautan pemasangan ini sudah kedaluwarsa, sudah dipakai, atau dimulai di browser lain. Mulai lagi dari tombol Tambahkan ke Slack.",
  "install.badCode":
    "Slack tidak menerima pemasangan ini (kodenya tidak valid atau kedaluwarsa). Mulai lagi dari tombol Tambahkan ke Slack.",
  "install.unreachable":
    "Slack tidak bisa dihubungi untuk menyelesaikan pemasangan. Mulai lagi sebentar lagi dari tombol Tambahkan ke Slack.",
  "install.failed":
    "Pemasangan tidak bisa diselesaikan karena masalah di pihak kami. Mulai lagi sebentar lagi dari tombol Tambahkan ke Slack.",
  "install.orgWide":
    "Bot ini dipasang per workspace, bukan ke seluruh organisasi Enterprise Grid, jadi pemasangan untuk seluruh organisasi dibatalkan. Tambahkan dari tiap workspace yang membutuhkannya.",
  "install.orgWideKept":
    "Bot ini dipasang per workspace, bukan ke seluruh organisasi Enterprise Grid, dan pemasangan untuk seluruh organisasi tidak bisa dibatalkan dari sini: admin organisasi bisa menghapusnya dari daftar aplikasi organisasi. Lalu tambahkan dari tiap workspace yang membutuhkannya.",
  "install.scopesMissing":
    "Pemasangan tidak berhasil: Slack memberi bot lebih sedikit izin daripada yang dibutuhkannya. Yang kurang: {scopes}. Pasang lagi dan setujui semua izin yang tercantum di halaman Slack (mungkin perlu persetujuan admin workspace).",
  "install.scopesMissingKept":
    "Pemasangan tidak berhasil: Slack memberi bot lebih sedikit izin daripada yang dibutuhkannya. Yang kurang: {scopes}. Bot yang sudah terpasang di {workspace} tetap berjalan seperti sebelumnya. Pasang lagi dan setujui semua izin yang tercantum di halaman Slack (mungkin perlu persetujuan admin workspace).",
  "install.done":
    "Terpasang di {workspace}. Ketik /help di channel mana pun untuk mulai; /renewal alerts on mengirim kabar musim baru ke channel itu.",
  "install.title": "Pemasangan Slack",
  "notFound.title": "Halaman tidak ditemukan",
  "notFound.body": "Tidak ada halaman di alamat ini. Perintah bot, contoh jawabannya, dan tombol pemasangan ada di beranda.",
};

const tl: Catalogue = {
  "lang.name": "Tagalog",
  "site.title": "Trauma Code Bot",
  "site.tagline":
    "Fan bot para sa The Trauma Code: Heroes on Call (중증외상센터) sa Discord at Slack: mga karakter, episode, ang totoong kuwento sa likod ng serye, at balita sa ikalawa at ikatlong season na may label ang bawat sinasabi.",
  "nav.language": "Wika",
  "add.title": "Idagdag",
  "add.discordServer": "Idagdag sa Discord server",
  "add.discordServerNote": "Mga command para sa lahat sa server, at renewal alerts sa mga channel nito.",
  "add.discordAccount": "Idagdag sa aking Discord account",
  "add.discordAccountNote":
    "Sariling kopya mo: gamitin ang mga command sa kahit anong server, DM o group DM (ikaw lang ang makakakita ng sagot kung hindi pa ito idinagdag ng server).",
  "add.slack": "Idagdag sa Slack",
  "add.slackNote": "Mga command at renewal alerts sa workspace mo.",
  "add.unavailable": "Hindi pa naka-set up sa deployment na ito.",
  "examples.title": "Ganito ang mga sagot",
  "examples.note": "Ginawa mula mismo sa data ng bot, gaya ng ipapakita ng Discord at Slack.",
  "examples.discord": "Discord",
  "examples.slack": "Slack",
  "examples.unavailable": "Hindi maipakita ang mga halimbawa ngayon.",
  "commands.title": "Mga command",
  "commands.language":
    "Sumasagot ang bawat command sa Ingles, Korean, Indonesian o Tagalog. Sa Discord, sasagot ito sa wika ng app mo kapag Korean o Indonesian ito; walang Tagalog ang Discord, kaya para sa Tagalog piliin ang Tagalog sa option na language ng command (nandoon din ang tatlo pang wika). Sa Slack, na hindi nagsasabi ng wika mo, idagdag ang lang:ko, lang:id o lang:tl.",
  "data.title": "Saan galing ang data",
  "data.text":
    "May nakasulat na pinagmulan ang bawat tala (ang media, ang orihinal na awtor, mga recap ng episode at mga fan article). May label ang balita: opisyal, pahayag ng awtor, ulat o tsismis, kaya hindi kailanman ipinapakitang totoo ang tsismis. Hindi ito opisyal na proyekto at walang kaugnayan sa Netflix o sa mga prodyuser.",
  "footer.privacy": "Privacy",
  "footer.terms": "Mga tuntunin",
  "footer.home": "Home",
  "privacy.title": "Privacy",
  "privacy.body":
    "Sumasagot ang bot sa mga command nang hindi iniimbak ang tina-type mo.\n\nKapag may nag-on ng renewal alerts sa isang channel, iniimbak nito: ang platform, ang ID ng server o workspace, ang ID ng channel, ang wika, ang ID ng nag-on at kung kailan, at sa bawat balita kung naihatid ito at ang ID ng post na ginawa. Kapag in-off ang alerts, nananatili ang talang iyon, kasama ang ID ng nag-off at kung kailan, para masabi ito ng status. Kapag tinanggal ang app sa isang Slack workspace, humihinto ang alerts ng mga channel nito pero nananatili ang mga tala, para bumalik ang alerts kapag in-install ulit.\n\nKapag in-install ng isang Slack workspace ang app, iniimbak nito ang ID at pangalan ng workspace (at ang ID ng organisasyon nito, kung mayroon), ang user ID ng nag-install, ang mga ID ng app at ng bot user, ang mga pinayagang scope, kung kailan in-install, at ang bot token, naka-encrypt. Kapag in-uninstall, nabubura ang installation. Habang nag-i-install, may tatlong cookie sa browser mo nang hanggang 10 minuto: isa para iugnay ang install sa browser mo, isa para sa wika ng page, at isa para maipakita ng confirmation page ang workspace.\n\nKapag nag-publish, nag-dismiss o nag-withdraw ng balita ang isang reviewer, iniimbak kasama nito ang kanyang user ID.\n\nNasa log ang pangalan ng command, ang resulta at ang tagal, pati ang mga ID ng interaction, server o workspace, channel at subscription na sangkot, at ng sinumang pumindot ng review button, reviewer man o hindi; hindi kailanman ang token o ang tina-type mo. Walang ibinebenta o ibinabahagi. Para burahin ang isang tala, makipag-ugnayan sa nagpapatakbo ng deployment na ito.",
  "terms.title": "Mga tuntunin",
  "terms.body":
    "Libre at hindi opisyal na fan bot ito. Walang kaugnayan sa Netflix, sa studio o sa orihinal na awtor; pag-aari ng kani-kanilang may-ari ang mga pangalan at pamagat.\n\nBinubuod ng mga sagot ang mga pampublikong pinagmulan sa sarili naming salita at nagli-link sa mga ito; ang pinagmulan ang batayan, hindi ang bot. Hindi kumpirmado ang balitang may label na ulat o tsismis.\n\nIbinibigay ang bot nang ganito, walang garantiyang laging gumagana. Huwag itong gamitin sa spam o sa pag-atake sa serbisyo. Maaari itong magbago o tumigil anumang oras.",
  "install.notConfigured": "Hindi pa naka-set up ang pag-install sa Slack sa deployment na ito.",
  "install.cancelled": "Kinansela ang pag-install sa pahina ng Slack. Walang na-install.",
  "install.badRequest": "Kulang ang link na ito. Magsimula ulit sa button na Idagdag sa Slack.",
  "install.badState":
    "Expired na, nagamit na, o sinimulan sa ibang browser ang link ng pag-install na ito. Magsimula ulit sa button na Idagdag sa Slack.",
  "install.badCode":
    "Hindi tinanggap ng Slack ang pag-install na ito (mali o expired ang code). Magsimula ulit sa button na Idagdag sa Slack.",
  "install.unreachable":
    "Hindi maabot ang Slack para tapusin ang pag-install. Magsimula ulit mamaya sa button na Idagdag sa Slack.",
  "install.failed":
    "Hindi natapos ang pag-install dahil sa problema sa panig namin. Magsimula ulit mamaya sa button na Idagdag sa Slack.",
  "install.orgWide":
    "Isa-isang workspace ang pag-install ng bot na ito, hindi sa buong organisasyong Enterprise Grid, kaya binawi ang pag-install sa buong organisasyon. Idagdag ito mula sa bawat workspace na gagamit nito.",
  "install.orgWideKept":
    "Isa-isang workspace ang pag-install ng bot na ito, hindi sa buong organisasyong Enterprise Grid, at hindi mabawi mula rito ang pag-install sa buong organisasyon: maaari itong alisin ng isang org admin sa mga app ng organisasyon. Pagkatapos, idagdag ito mula sa bawat workspace na gagamit nito.",
  "install.scopesMissing":
    "Hindi natuloy ang pag-install: mas kaunting pahintulot ang ibinigay ng Slack sa bot kaysa sa kailangan nito. Kulang: {scopes}. Mag-install ulit at payagan ang lahat ng pahintulot na nakalista sa pahina ng Slack (maaaring kailangan itong aprubahan ng isang admin ng workspace).",
  "install.scopesMissingKept":
    "Hindi natuloy ang pag-install: mas kaunting pahintulot ang ibinigay ng Slack sa bot kaysa sa kailangan nito. Kulang: {scopes}. Patuloy na gumagana gaya ng dati ang bot na naka-install na sa {workspace}. Mag-install ulit at payagan ang lahat ng pahintulot na nakalista sa pahina ng Slack (maaaring kailangan itong aprubahan ng isang admin ng workspace).",
  "install.done":
    "Na-install na sa {workspace}. I-type ang /help sa kahit anong channel para magsimula; ipo-post ng /renewal alerts on ang balita ng season sa channel na iyon.",
  "install.title": "Pag-install sa Slack",
  "notFound.title": "Walang ganitong pahina",
  "notFound.body":
    "Walang pahina sa address na ito. Nasa home page ang mga command ng bot, mga halimbawa ng sagot, at mga button para i-install ito.",
};

export const WEB_CATALOGUES: Record<Locale, Catalogue> = { en, ko, id, tl };

/** The page string `key` in `locale`, with `{name}` placeholders filled (the caller escapes the result). */
export function w(locale: Locale, key: WebKey, params: Record<string, string> = {}): string {
  return WEB_CATALOGUES[locale][key].replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole);
}
