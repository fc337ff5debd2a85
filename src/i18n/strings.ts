// Interface strings in every language. `en` defines the keys; the other catalogues must have them all
// (the compiler checks the keys, tests/i18n/strings.test.ts checks that none is empty).
import type { Locale } from "./locale";

/**
 * Discord's permissions, by the names its channel settings show in English. Where Discord's client speaks
 * the language, a catalogue gives its own name first and this one beside it, which every guide and the
 * API's docs use.
 */
const ENGLISH_PERMISSIONS = {
  "permission.viewChannel": "View Channel",
  "permission.sendMessages": "Send Messages",
  "permission.sendMessagesInThreads": "Send Messages in Threads",
  "permission.embedLinks": "Embed Links",
  "permission.readMessageHistory": "Read Message History",
  "permission.connect": "Connect",
  "permission.manageWebhooks": "Manage Webhooks",
  "permission.administrator": "Administrator",
  "permission.manageServer": "Manage Server",
  "permission.manageChannels": "Manage Channels",
} as const;

const en = {
  "error.generic": "Something went wrong on our side. Please try again in a moment.",
  "error.contentUnavailable": "The show's content isn't available right now. Please try again in a few minutes.",
  "error.unknownCommand": "I don't know `/{name}`. Try one of these: {commands}.",
  "error.optionNumber": "**{option}** needs a number.",
  "error.optionText": "**{option}** needs text.",
  "error.optionRange": "**{option}** must be a whole number from {min} to {max}.",
  "error.optionOneAtATime": "**{option}** takes one number from {min} to {max} at a time: ask for {first} first, then the next.",
  "error.optionChoice": "**{option}** must be one of: {choices}.",
  "error.optionTooLong": "**{option}** is too long (at most {max} characters).",
  "error.unknownOption": "`/{command}` has no option **{option}**.",
  "error.unreadText": "`/{command}` takes nothing after it but a language, not **{text}**.",
  "error.staleButton": "That button or menu has expired. Run the command again.",
  usage: "Usage: {usage}",
  sources: "Sources",
  "sources.more": "{count} more",
  "sources.fanText": "fan article",
  spoilers: "Spoilers",
  "character.roster": "Characters",
  "character.rosterIntro": "The main team and the people around them. Try {example} for one of them.",
  "character.unknown": "I couldn't find a character called **{name}**. `{list}` lists everyone.",
  "character.several": "Several characters go by **{name}**. Pick one:",
  "list.menuCut": "The menu holds the first {shown} of {total}: ask for the others by name.",
  "character.actor": "Played by",
  "character.role": "Role",
  "character.nicknames": "Nicknames",
  "character.noActor": "appears only in a photo",
  "character.actorUnknown": "not named in our sources",
  "episode.guide": "Episode guide",
  "episode.guideIntro": "Season 1, eight episodes, released on Netflix on {date}.",
  "episode.heading": "Episode {number}",
  "episode.untitled": "title not confirmed",
  "episode.noSynopsis": "No verified synopsis yet: we would rather say nothing than guess.",
  "episode.unknown": "There is no episode {number}. Season 1 has episodes 1 to 8.",
  "episode.netflixTitle": "Netflix title",
  "renewal.title": "Seasons 2 and 3: where things stand",
  "renewal.timeline": "Timeline",
  "renewal.asOf": "as of {date}",
  "renewal.around": "around {date}",
  "delivery.withdrawn": "Withdrawn: this item was retracted ({reason}).",
  "delivery.reasonReviewer": "withdrawn by a reviewer",
  "delivery.reasonEditor": "withdrawn by the editor",
  "renewal.show": "The Trauma Code: Heroes on Call",
  "renewal.legend":
    "Labels: official = Netflix on record, author statement = the original author, report = press reports, rumor = unconfirmed.",
  "label.official": "official",
  "label.author statement": "author statement",
  "label.report": "report",
  "label.rumor": "rumor",
  "inspiration.list": "The real stories behind the show, and dramas like it",
  "inspiration.listIntro": "Try {example} for one of them.",
  "inspiration.unknown": "I couldn't find an inspiration called **{topic}**. `{list}` lists them all.",
  "inspiration.several": "Several topics go by **{topic}**. Pick one:",
  "alerts.dm": "Renewal alerts are set per channel: run this in a channel, not in a DM.",
  "alerts.permission": "Only members who can manage this channel (any of {permissions}) can turn alerts on or off.",
  "alerts.inviteFirst":
    "I can't see this channel: it is private and I haven't been invited. Invite me first (`/invite` and my name), then turn alerts on again. They stay off until then.",
  "alerts.botPermission": "I can't post in this channel yet. Give me these permissions here, then try again: {permissions}.",
  "alerts.botPermissionOne": "I can't post in this channel yet. Give me this permission here, then try again: {permissions}.",
  "alerts.botPermissionStill":
    "Alerts stay on, but I lack these permissions here: {permissions}. Give them, or posts may fail or, should a post's answer be lost, come twice.",
  "alerts.botPermissionStillOne":
    "Alerts stay on, but I lack this permission here: {permissions}. Give it, or posts may fail or, should a post's answer be lost, come twice.",
  "alerts.on":
    "Renewal alerts are on for this channel. News about seasons 2 and 3 will be posted here in {language}, each item once.",
  "alerts.onPublic":
    "**{user}** turned on renewal alerts for this channel. News about seasons 2 and 3 will be posted here in {language}.",
  "alerts.already": "Renewal alerts were already on for this channel (since {date}), in {language}.",
  "alerts.language": "Renewal alerts stay on for this channel; posts will now be in {language}.",
  "alerts.off": "Renewal alerts are off for this channel.",
  "alerts.offPublic": "**{user}** turned off renewal alerts for this channel.",
  "alerts.notOn": "Renewal alerts were not on for this channel.",
  "alerts.offFollowing":
    "This channel follows the bot's announcement channel, so the bot posts nothing here itself, and what was still waiting is cancelled. Discord keeps bringing the announcement channel's posts until the follow is removed in Server Settings → Integrations.",
  "alerts.statusOn": "Renewal alerts are **on** here since {date}, in {language}.",
  "alerts.statusWaitingInstall":
    "Renewal alerts are **on** here since {date}, in {language}, but posts wait: the app, as installed in this workspace, lacks a permission they need ({reason}). Installing it again grants it, and what waited is then posted.",
  "alerts.statusWaitingToken":
    "Renewal alerts are **on** here since {date}, in {language}, but posts wait: {platform} refused the bot's own access ({reason}), which only whoever runs the bot can fix. What waited is posted once they do.",
  "alerts.statusNone": "Renewal alerts are **off** here. Turn them on with `{on}`.",
  "alerts.statusOff": "Renewal alerts are **off** here (turned off on {date}). Turn them on again with `{on}`.",
  "alerts.statusStopped": "Renewal alerts **stopped** here on {date}. {why} ({reason})",
  "alerts.stop.discordGone":
    "Discord answered that this channel does not exist for me (deleted, or out of my reach). Check that I can see it, then turn alerts on again with `{on}`.",
  "alerts.stop.discordAccess":
    "I lost access to this channel. Give me these permissions here: {permissions}, then turn alerts on again with `{on}`.",
  "alerts.stop.discordAccessOne":
    "I lost access to this channel. Give me this permission here: {permissions}, then turn alerts on again with `{on}`.",
  "alerts.stop.discordPermissions":
    "I was no longer allowed to post here. Give me these permissions here: {permissions}, then turn alerts on again with `{on}`.",
  "alerts.stop.discordPermissionsOne":
    "I was no longer allowed to post here. Give me this permission here: {permissions}, then turn alerts on again with `{on}`.",
  "alerts.stop.discordNotText":
    "Discord does not let me post in this kind of channel. Turn alerts on in a text or announcement channel instead.",
  "alerts.stop.threadArchived":
    "This thread was archived. Open it again (a message in it does), then turn alerts on again with `{on}`.",
  "alerts.stop.threadLocked": "A moderator locked this thread. Unlock it, then turn alerts on again with `{on}`.",
  "alerts.stop.slackNotMember":
    "I was not a member of this channel (a private channel needs me invited). Invite me (`/invite` and my name), then turn alerts on again with `{on}`.",
  "alerts.stop.slackArchived": "This channel was archived. Once it is unarchived, turn alerts on again with `{on}`.",
  "alerts.stop.slackRestricted":
    "This workspace lets only some members post in this channel, and not me. Ask a workspace admin to let me post here, or turn alerts on in another channel.",
  "alerts.stop.slackThreadOnly":
    "This channel takes only replies in threads, and each alert is a post of its own. Turn alerts on in another channel.",
  "alerts.stop.slackOtherWorkspace":
    "This channel belongs to a workspace that has not given the app access (a channel shared between workspaces). An admin there can add the app; then turn alerts on again with `{on}`.",
  "alerts.stop.slackRemoved":
    "Someone removed me from this channel. To get alerts here again, turn them on with `{on}` (I join again).",
  "alerts.stop.uninstalled": "The app was removed from this workspace.",
  "alerts.stop.revoked": "The app's access to this workspace was revoked (its token no longer works).",
  "alerts.statusStoppedElsewhere":
    "Renewal alerts **stopped** here on {date}. The other workspace sharing this channel, which had turned them on, removed the app or lost its access. Turn them on again from here with `{on}`.",
  "alerts.stop.reinstalled": "Once the app is installed here again, turn alerts on again with `{on}`.",
  "alerts.stop.unknown":
    "Posting here failed in a way that stops alerts. Check that I can see this channel and post in it, then turn alerts on again with `{on}`.",
  "alerts.followThread":
    "A thread cannot follow the announcement channel: Discord delivers what a channel follows to channels, not threads. Use `{on}` to get posts in this thread, or `{follow}` in the channel it belongs to.",
  "alerts.followSource":
    "This is the bot's announcement channel itself: it cannot follow itself. Keep `{on}` here; other channels can follow it.",
  "alerts.followUnavailable":
    "Following is not available here: it works on Discord, once the bot's operator names an announcement channel. Use `{on}` to get posts in this channel instead.",
  "alerts.followNotSetUp":
    "This bot has no announcement channel set up for channels to follow. Use `{on}` to get posts in this channel instead.",
  "alerts.followed":
    "This channel now follows the bot's announcement channel: Discord itself brings each new renewal item here, in that channel's language. Manage or remove the follow in Server Settings → Integrations.",
  "alerts.followedAlready":
    "This channel already follows the bot's announcement channel, so no second follow was added (each item would arrive twice). Manage or remove it in Server Settings → Integrations.",
  "alerts.followBusy":
    "A follow of the bot's announcement channel is being made in this channel just now, so no second one was added (each item would arrive twice). In about {seconds} seconds, run `{follow}` again to make sure: it finds a follow already made, and makes no second one.",
  "alerts.followReplaced": "Per-channel alerts here were turned off, so nothing arrives twice.",
  "alerts.followRefused": "Discord did not set up the follow ({reason}). It works in text channels where I have {permission}.",
  "alerts.followUnsure":
    "Discord's answer to the follow was lost ({reason}), so it may have been set up all the same, or be set up in a moment. In about {seconds} seconds, run `{follow}` again to make sure: it finds a follow already made, and makes no second one.",
  "alerts.followLater":
    "Discord is busy and could not set up the follow just now ({reason}), so nothing changed here. Run `{follow}` again in about {seconds} seconds.",
  "alerts.followLaterOne":
    "Discord is busy and could not set up the follow just now ({reason}), so nothing changed here. Run `{follow}` again in a second.",
  "alerts.followLaterMinutes":
    "Discord is busy and could not set up the follow just now ({reason}), so nothing changed here. Run `{follow}` again in about {minutes} minutes.",
  "alerts.followLaterHours":
    "Discord is busy and could not set up the follow just now ({reason}), so nothing changed here. Run `{follow}` again in about {hours} hours.",
  "alerts.statusFollowing":
    "This channel **follows** the bot's announcement channel (since {date}): Discord delivers the posts. Manage it in Server Settings → Integrations.",
  "alerts.followingStill":
    "If this channel still follows the bot's announcement channel, remove that follow in Server Settings → Integrations, or each item arrives twice.",
  "news.englishOnly": "_(English only for now)_",
  "news.headlineFrom": "Headline from {outlets}; the sources have the details.",
  "button.previous": "◀ Previous",
  "button.next": "Next ▶",
  "button.spoilers": "Show spoilers",
  "button.sources": "Sources",
  "button.alertsOn": "🔔 Alerts on",
  "button.alertsOff": "🔕 Alerts off",
  "menu.character": "Choose a character",
  "menu.topic": "Choose a topic",
  "sources.all": "Sources for every timeline entry",
  "sources.older": "{count} older entries are not listed here: `{renewal}`'s Full timeline shows them with their sources.",
  "sources.olderOne": "One older entry is not listed here: `{renewal}`'s Full timeline shows it with its sources.",
  "slack.notInstalled": "This workspace has not installed the bot (or removed it). Install it here, then try again: {url}",
  "slack.noInstall":
    "This workspace has not installed the bot (or removed it), and this bot does not take new Slack workspaces yet. Ask whoever runs it to finish setting up its Slack app.",
  "alerts.notInServer":
    "Renewal alerts need the bot in this server; you have added it to your account only. Someone who can manage the server can add it here: {url}",
  "help.title": "Trauma Code Bot: help",
  "help.intro":
    "I answer questions about **The Trauma Code: Heroes on Call** (중증외상센터): characters, episodes, the real stories behind the show, and where seasons 2 and 3 stand. Every command takes a language ({languages}).",
  "help.languageDiscord":
    "Without it I answer in your Discord language when that is Korean or Indonesian, else in the server's language when that is one of them, else in English. Discord has no Tagalog setting: for Tagalog, pick Tagalog in the `{language}` option of each command (buttons under an answer keep its language).",
  "help.languageSlack":
    "Slack does not tell me your language, so I answer in English unless you add `lang:ko`, `lang:id` or `lang:tl` to a command (buttons under an answer keep its language).",
  "help.example": "Example",
  "help.alertsTitle": "Renewal alerts",
  "help.alertsDiscord":
    "`{on}` posts each new season 2 and 3 item in this channel once. Members with any of {permissions} can turn them on or off; the bot must be added to the server (not only to your account).",
  "help.alertsSlack":
    "`{on}` posts each new season 2 and 3 item in this channel once. Anyone in the channel can turn them on or off, and the channel is told who did.",
  "help.installTitle": "Add the bot",
  "help.discordServer": "Discord server",
  "help.discordAccount": "your Discord account",
  "help.slack": "Slack workspace",
  "help.dataTitle": "Where the data comes from",
  "help.data":
    "Every answer lists its sources (the press, the original author, episode recaps and fan articles). News is labelled official, author statement, report or rumor; a rumor is never presented as fact. Unofficial fan project.",
  "about.released": "Released",
  "about.episodes": "{count} episodes, all at once on Netflix",
  "about.credits": "Made by",
  "about.honours": "Chart record and awards",
  "button.watch": "Watch on Netflix",
  "character.related": "Closest to them in the story",
  "character.noSpoilers": "No spoiler notes for this character.",
  "episode.noSpoilers": "No spoiler notes for this episode.",
  "episode.laterSeason":
    "Only season {only} is out, so there are no season {within} episodes to show. `/renewal` has the latest news on seasons 2 and 3.",
  "episode.season": "Season",
  "episode.released": "Released",
  "episode.titlesNote": "Titles are Netflix's English titles; no Korean episode titles were found in our sources.",
  "menu.episode": "Open an episode",
  "renewal.newest": "The {count} newest entries",
  "renewal.newestOne": "The newest entry",
  "renewal.fullTimeline": "Seasons 2 and 3: the full timeline",
  "renewal.page": "Page {page} of {pages}, newest first",
  "button.fullTimeline": "Full timeline ▶",
  "button.newer": "◀ Newer",
  "button.older": "Older ▶",
  footer: "The Trauma Code: Heroes on Call · fan bot",
  // Discord's permissions (see ENGLISH_PERMISSIONS). A spread goes last in a catalogue: V8 builds the keys
  // before it from one template, and defines every key after it one at a time while the Worker starts.
  ...ENGLISH_PERMISSIONS,
} as const;

export type StringKey = keyof typeof en;
/** A Discord permission's name, in the reader's language. */
export type PermissionKey = Extract<StringKey, `permission.${string}`>;
type Catalogue = Record<StringKey, string>;

const ko: Catalogue = {
  "error.generic": "일시적인 오류가 났어요. 잠시 후 다시 시도해 주세요.",
  "error.contentUnavailable": "지금은 작품 정보를 불러올 수 없어요. 몇 분 뒤에 다시 시도해 주세요.",
  "error.unknownCommand": "`/{name}` 명령어는 없어요. 다음 중에서 골라 주세요: {commands}",
  "error.optionNumber": "**{option}** 옵션에는 숫자를 넣어 주세요.",
  "error.optionText": "**{option}** 옵션에는 글자를 넣어 주세요.",
  "error.optionRange": "**{option}** 옵션에는 {min}부터 {max}까지의 정수를 넣어 주세요.",
  "error.optionOneAtATime":
    "**{option}** 옵션에는 {min}부터 {max}까지의 숫자를 한 번에 하나만 넣을 수 있어요. {first}부터 하나씩 물어봐 주세요.",
  "error.optionChoice": "**{option}** 옵션은 다음 중 하나여야 해요: {choices}",
  "error.optionTooLong": "**{option}** 옵션이 너무 길어요 (최대 {max}자).",
  "error.unknownOption": "`/{command}`에는 **{option}** 옵션이 없어요.",
  "error.unreadText": "`/{command}` 뒤에는 언어만 붙일 수 있어요. 입력한 **{text}** 부분은 읽을 수 없어요.",
  "error.staleButton": "만료된 버튼이나 메뉴예요. 명령어를 다시 입력해 주세요.",
  usage: "사용법: {usage}",
  sources: "출처",
  "sources.more": "외 {count}곳",
  "sources.fanText": "팬 작성 글",
  spoilers: "스포일러",
  "character.roster": "등장인물",
  "character.rosterIntro": "중증외상팀과 주변 인물들이에요. {example}처럼 입력하면 한 명씩 볼 수 있어요.",
  "character.unknown": "**{name}**(이)라는 인물을 찾지 못했어요. `{list}` 명령으로 전체 목록을 볼 수 있어요.",
  "character.several": "**{name}**(으)로 찾은 인물이 여럿이에요. 한 명을 골라 주세요.",
  "list.menuCut": "메뉴에는 {total}개 중 처음 {shown}개만 있어요. 나머지는 이름으로 찾아 주세요.",
  "character.actor": "배우",
  "character.role": "역할",
  "character.nicknames": "별명",
  "character.noActor": "사진으로만 등장",
  "character.actorUnknown": "출처에 배우 이름이 없어요",
  "episode.guide": "회차 가이드",
  "episode.guideIntro": "시즌 1, 전 8부작. {date} 넷플릭스에서 공개됐어요.",
  "episode.heading": "{number}화",
  "episode.untitled": "제목 미확인",
  "episode.noSynopsis": "아직 확인된 줄거리가 없어요. 추측으로 채우지 않을게요.",
  "episode.unknown": "{number}화는 없어요. 시즌 1은 1화부터 8화까지예요.",
  "episode.netflixTitle": "넷플릭스 영문 제목",
  "renewal.title": "시즌 2·3, 지금 어디까지 왔나",
  "renewal.timeline": "타임라인",
  "renewal.asOf": "{date} 기준",
  "renewal.around": "{date}께",
  "delivery.withdrawn": "철회됨: 이 소식은 취소됐어요 ({reason}).",
  "delivery.reasonReviewer": "검토자가 철회함",
  "delivery.reasonEditor": "편집자가 철회함",
  "renewal.show": "중증외상센터",
  "renewal.legend":
    "구분: 공식 = 넷플릭스 공식 입장, 원작자 발언 = 원작자 이낙준의 말, 보도 = 언론 보도, 루머 = 확인되지 않은 소문.",
  "label.official": "공식",
  "label.author statement": "원작자 발언",
  "label.report": "보도",
  "label.rumor": "루머",
  "inspiration.list": "드라마 뒤의 실제 이야기, 그리고 비슷한 드라마",
  "inspiration.listIntro": "{example}처럼 입력하면 하나씩 자세히 볼 수 있어요.",
  "inspiration.unknown": "**{topic}** 관련 이야기를 찾지 못했어요. `{list}` 명령으로 전체 목록을 볼 수 있어요.",
  "inspiration.several": "**{topic}**(으)로 찾은 이야기가 여럿이에요. 하나를 골라 주세요.",
  "alerts.dm": "후속 시즌 알림은 채널마다 설정해요. DM이 아니라 채널에서 입력해 주세요.",
  "alerts.permission": "채널 관리 권한({permissions} 중 하나)이 있는 멤버만 알림을 켜거나 끌 수 있어요.",
  "alerts.inviteFirst":
    "이 채널은 비공개라서 초대받기 전에는 제가 볼 수 없어요. 먼저 저를 초대한 뒤(`/invite`와 제 이름) 알림을 다시 켜 주세요. 그때까지 알림은 꺼져 있어요.",
  "permission.viewChannel": "채널 보기 (View Channel)",
  "permission.sendMessages": "메시지 보내기 (Send Messages)",
  "permission.sendMessagesInThreads": "스레드에서 메시지 보내기 (Send Messages in Threads)",
  "permission.embedLinks": "링크 첨부 (Embed Links)",
  "permission.readMessageHistory": "메시지 기록 보기 (Read Message History)",
  "permission.connect": "연결 (Connect)",
  "permission.manageWebhooks": "웹후크 관리하기 (Manage Webhooks)",
  "permission.administrator": "관리자 (Administrator)",
  "permission.manageServer": "서버 관리하기 (Manage Server)",
  "permission.manageChannels": "채널 관리하기 (Manage Channels)",
  "alerts.botPermission": "아직 이 채널에 글을 올릴 수 없어요. 이 채널에서 다음 권한을 준 뒤 다시 시도해 주세요: {permissions}",
  // Korean asks for one permission as for several ("다음 권한").
  "alerts.botPermissionOne":
    "아직 이 채널에 글을 올릴 수 없어요. 이 채널에서 다음 권한을 준 뒤 다시 시도해 주세요: {permissions}",
  "alerts.botPermissionStill":
    "알림은 계속 켜져 있지만 이 채널에 다음 권한이 없어요: {permissions}. 권한을 주지 않으면 글이 실패하거나, 응답이 끊긴 글이 두 번 올라올 수 있어요.",
  "alerts.botPermissionStillOne":
    "알림은 계속 켜져 있지만 이 채널에 다음 권한이 없어요: {permissions}. 권한을 주지 않으면 글이 실패하거나, 응답이 끊긴 글이 두 번 올라올 수 있어요.",
  "alerts.on": "이 채널에 후속 시즌 알림을 켰어요. 시즌 2·3 소식이 {language}로 한 번씩 올라와요.",
  "alerts.onPublic": "**{user}** 님이 이 채널에 후속 시즌 알림을 켰어요. 시즌 2·3 소식이 {language}로 올라와요.",
  "alerts.already": "이 채널은 이미 {date}부터 {language}로 알림을 받고 있어요.",
  "alerts.language": "알림은 계속 켜져 있고, 이제부터 {language}로 올라와요.",
  "alerts.off": "이 채널의 후속 시즌 알림을 껐어요.",
  "alerts.offPublic": "**{user}** 님이 이 채널의 후속 시즌 알림을 껐어요.",
  "alerts.notOn": "이 채널은 알림이 켜져 있지 않았어요.",
  "alerts.offFollowing":
    "이 채널은 봇의 공지 채널을 팔로우하고 있어서 봇이 직접 올리는 글은 없고, 기다리던 글도 취소했어요. 서버 설정 → 연동에서 팔로우를 해제할 때까지 공지 채널의 글은 디스코드가 계속 전해 줘요.",
  "alerts.statusOn": "이 채널은 {date}부터 {language}로 알림이 **켜져** 있어요.",
  "alerts.statusWaitingInstall":
    "이 채널은 {date}부터 {language}로 알림이 **켜져** 있지만, 글이 올라가지 못하고 기다리고 있어요. 이 워크스페이스에 설치된 앱에 글을 올리는 데 필요한 권한이 없어요({reason}). 앱을 다시 설치하면 권한이 생기고, 기다리던 글이 올라와요.",
  "alerts.statusWaitingToken":
    "이 채널은 {date}부터 {language}로 알림이 **켜져** 있지만, 글이 올라가지 못하고 기다리고 있어요. {platform} 쪽에서 봇의 접근을 거부했어요({reason}). 봇 운영자만 고칠 수 있고, 고치면 기다리던 글이 올라와요.",
  "alerts.statusNone": "이 채널은 알림이 **꺼져** 있어요. `{on}` 명령으로 켤 수 있어요.",
  "alerts.statusOff": "이 채널은 알림이 **꺼져** 있어요({date}에 끔). `{on}` 명령으로 다시 켤 수 있어요.",
  "alerts.statusStopped": "{date}부터 이 채널의 알림은 **중단** 상태예요. {why} ({reason})",
  "alerts.stop.discordGone":
    "디스코드가 이 채널이 없다고 답했어요(삭제됐거나 제가 닿을 수 없는 곳이에요). 제가 이 채널을 볼 수 있는지 확인한 뒤 `{on}` 명령으로 다시 켜 주세요.",
  "alerts.stop.discordAccess":
    "제가 이 채널에 접근할 수 없게 됐어요. 이 채널에서 다음 권한을 준 뒤 `{on}` 명령으로 다시 켜 주세요: {permissions}.",
  "alerts.stop.discordAccessOne":
    "제가 이 채널에 접근할 수 없게 됐어요. 이 채널에서 다음 권한을 준 뒤 `{on}` 명령으로 다시 켜 주세요: {permissions}.",
  "alerts.stop.discordPermissions":
    "제가 이 채널에 글을 올릴 수 없게 됐어요. 이 채널에서 다음 권한을 준 뒤 `{on}` 명령으로 다시 켜 주세요: {permissions}.",
  "alerts.stop.discordPermissionsOne":
    "제가 이 채널에 글을 올릴 수 없게 됐어요. 이 채널에서 다음 권한을 준 뒤 `{on}` 명령으로 다시 켜 주세요: {permissions}.",
  "alerts.stop.discordNotText":
    "디스코드는 이런 종류의 채널에 제가 글을 올리지 못하게 해요. 텍스트 채널이나 공지 채널에서 알림을 켜 주세요.",
  "alerts.stop.threadArchived":
    "이 스레드가 보관됐어요. 스레드를 다시 연 뒤(메시지를 하나 보내면 열려요) `{on}` 명령으로 다시 켜 주세요.",
  "alerts.stop.threadLocked": "관리자가 이 스레드를 잠갔어요. 잠금을 푼 뒤 `{on}` 명령으로 다시 켜 주세요.",
  "alerts.stop.slackNotMember":
    "제가 이 채널의 멤버가 아니었어요(비공개 채널은 초대가 필요해요). 저를 초대한 뒤(`/invite`와 제 이름) `{on}` 명령으로 다시 켜 주세요.",
  "alerts.stop.slackArchived": "이 채널이 보관됐어요. 보관을 해제한 뒤 `{on}` 명령으로 다시 켜 주세요.",
  "alerts.stop.slackRestricted":
    "이 워크스페이스는 이 채널에 일부 멤버만 글을 올릴 수 있게 해 두었고, 저는 그중에 없어요. 워크스페이스 관리자에게 제가 글을 올릴 수 있게 해 달라고 하거나, 다른 채널에서 알림을 켜 주세요.",
  "alerts.stop.slackThreadOnly":
    "이 채널은 스레드 답글만 받는데, 알림은 하나하나가 따로 올라가는 글이에요. 다른 채널에서 알림을 켜 주세요.",
  "alerts.stop.slackOtherWorkspace":
    "이 채널은 앱에 접근 권한을 주지 않은 워크스페이스의 채널이에요(여러 워크스페이스가 함께 쓰는 채널). 그쪽 관리자가 앱을 추가한 뒤 `{on}` 명령으로 다시 켜 주세요.",
  "alerts.stop.slackRemoved":
    "누군가 저를 이 채널에서 내보냈어요. 여기서 다시 알림을 받으려면 `{on}` 명령으로 켜 주세요(제가 다시 들어와요).",
  "alerts.stop.uninstalled": "이 워크스페이스에서 앱이 삭제됐어요.",
  "alerts.stop.revoked": "이 워크스페이스에서 앱의 접근 권한이 취소됐어요(토큰이 더 이상 통하지 않아요).",
  "alerts.statusStoppedElsewhere":
    "{date}부터 이 채널의 알림은 **중단** 상태예요. 이 채널을 함께 쓰는 다른 워크스페이스가 알림을 켰는데, 그 워크스페이스에서 앱이 제거되었거나 접근 권한을 잃었어요. 여기서 `{on}` 명령으로 다시 켜 주세요.",
  "alerts.stop.reinstalled": "앱을 여기에 다시 설치한 뒤 `{on}` 명령으로 다시 켜 주세요.",
  "alerts.stop.unknown":
    "알림이 멈출 만한 이유로 전송에 실패했어요. 제가 이 채널을 보고 글을 올릴 수 있는지 확인한 뒤 `{on}` 명령으로 다시 켜 주세요.",
  "alerts.followThread":
    "스레드는 공지 채널을 팔로우할 수 없어요. 디스코드는 팔로우한 소식을 스레드가 아닌 채널로만 보내요. 이 스레드에서 소식을 받으려면 `{on}` 명령을, 아니면 이 스레드가 속한 채널에서 `{follow}` 명령을 써 주세요.",
  "alerts.followSource":
    "여기는 봇의 공지 채널 자체라서 자기 자신을 팔로우할 수 없어요. 여기서는 `{on}` 명령을 유지해 주세요. 다른 채널이 이 채널을 팔로우할 수 있어요.",
  "alerts.followUnavailable":
    "여기서는 팔로우를 쓸 수 없어요. 디스코드에서, 봇 운영자가 공지 채널을 정해 둔 경우에만 돼요. 대신 `{on}` 명령으로 이 채널에 알림을 받을 수 있어요.",
  "alerts.followNotSetUp":
    "이 봇에는 팔로우할 공지 채널이 마련돼 있지 않아요. 대신 `{on}` 명령으로 이 채널에 알림을 받을 수 있어요.",
  "alerts.followed":
    "이 채널이 봇의 공지 채널을 팔로우해요. 새 후속 시즌 소식은 디스코드가 직접, 공지 채널의 언어로 전해 줘요. 팔로우 관리나 해제는 서버 설정 → 연동에서 할 수 있어요.",
  "alerts.followedAlready":
    "이 채널은 이미 봇의 공지 채널을 팔로우하고 있어서, 팔로우를 하나 더 만들지 않았어요(같은 소식이 두 번 오게 돼요). 관리나 해제는 서버 설정 → 연동에서 할 수 있어요.",
  "alerts.followBusy":
    "지금 이 채널에서 봇의 공지 채널 팔로우를 만드는 중이라, 팔로우를 하나 더 만들지 않았어요(같은 소식이 두 번 오게 돼요). {seconds}초쯤 뒤에 `{follow}` 명령을 다시 실행해 확인해 주세요(이미 있는 팔로우를 찾아내고, 두 번 만들지 않아요).",
  "alerts.followReplaced": "같은 소식이 두 번 오지 않도록 이 채널의 개별 알림은 껐어요.",
  "alerts.followRefused":
    "디스코드가 팔로우를 설정하지 않았어요({reason}). 제가 {permission} 권한을 가진 텍스트 채널에서만 돼요.",
  "alerts.followUnsure":
    "팔로우 요청에 대한 디스코드의 응답을 받지 못했어요({reason}). 그래도 팔로우가 이미 만들어졌거나 곧 만들어질 수 있어요. {seconds}초쯤 뒤에 `{follow}` 명령을 다시 실행해 확인해 주세요(이미 있는 팔로우를 찾아내고, 두 번 만들지 않아요).",
  "alerts.followLater":
    "디스코드가 지금 바빠서 팔로우를 설정하지 못했어요({reason}). 이 채널은 아무것도 바뀌지 않았어요. {seconds}초쯤 뒤에 `{follow}` 명령을 다시 실행해 주세요.",
  "alerts.followLaterOne":
    "디스코드가 지금 바빠서 팔로우를 설정하지 못했어요({reason}). 이 채널은 아무것도 바뀌지 않았어요. 1초쯤 뒤에 `{follow}` 명령을 다시 실행해 주세요.",
  "alerts.followLaterMinutes":
    "디스코드가 지금 바빠서 팔로우를 설정하지 못했어요({reason}). 이 채널은 아무것도 바뀌지 않았어요. {minutes}분쯤 뒤에 `{follow}` 명령을 다시 실행해 주세요.",
  "alerts.followLaterHours":
    "디스코드가 지금 바빠서 팔로우를 설정하지 못했어요({reason}). 이 채널은 아무것도 바뀌지 않았어요. {hours}시간쯤 뒤에 `{follow}` 명령을 다시 실행해 주세요.",
  "alerts.statusFollowing":
    "이 채널은 {date}부터 봇의 공지 채널을 **팔로우** 중이에요. 소식은 디스코드가 전해 줘요. 관리는 서버 설정 → 연동에서 할 수 있어요.",
  "alerts.followingStill":
    "이 채널이 아직 봇의 공지 채널을 팔로우하고 있다면 서버 설정 → 연동에서 팔로우를 해제해 주세요. 그렇지 않으면 소식이 두 번씩 와요.",
  "news.englishOnly": "_(아직 영어로만 제공돼요)_",
  "news.headlineFrom": "{outlets}의 헤드라인이에요. 자세한 내용은 출처에서 볼 수 있어요.",
  "button.previous": "◀ 이전",
  "button.next": "다음 ▶",
  "button.spoilers": "스포일러 보기",
  "button.sources": "출처",
  "button.alertsOn": "🔔 알림 켜기",
  "button.alertsOff": "🔕 알림 끄기",
  "menu.character": "인물을 고르세요",
  "menu.topic": "주제를 고르세요",
  "sources.all": "타임라인 항목별 출처",
  "sources.older": "이전 항목 {count}개는 여기 없어요. `{renewal}`의 전체 타임라인에서 출처와 함께 볼 수 있어요.",
  "sources.olderOne": "이전 항목 1개는 여기 없어요. `{renewal}`의 전체 타임라인에서 출처와 함께 볼 수 있어요.",
  "slack.notInstalled":
    "이 워크스페이스에는 봇이 설치되어 있지 않아요 (또는 삭제됐어요). 여기서 설치한 뒤 다시 시도해 주세요: {url}",
  "slack.noInstall":
    "이 워크스페이스에는 봇이 설치되어 있지 않아요 (또는 삭제됐어요). 이 봇은 아직 새 슬랙 워크스페이스를 받지 않아요. 봇을 운영하는 사람에게 슬랙 앱 설정을 마쳐 달라고 요청해 주세요.",
  "alerts.notInServer":
    "후속 시즌 알림은 봇이 이 서버에 추가되어 있어야 해요. 지금은 내 계정에만 추가되어 있어요. 서버 관리 권한이 있는 사람이 여기서 추가할 수 있어요: {url}",
  "help.title": "중증외상센터 봇 도움말",
  "help.intro":
    "넷플릭스 드라마 **중증외상센터** 팬 봇이에요. 등장인물, 회차, 드라마 뒤의 실제 이야기, 시즌 2·3 진행 상황을 알려 줘요. 모든 명령어에서 언어를 고를 수 있어요 ({languages}).",
  "help.languageDiscord":
    "언어를 고르지 않으면 디스코드 언어가 한국어나 인도네시아어일 때는 그 언어로, 아니면 서버 언어가 그중 하나일 때는 서버 언어로, 그것도 아니면 영어로 답해요. 디스코드에는 타갈로그어 설정이 없어서, 타갈로그어로 보려면 명령어마다 `{language}` 옵션에서 타갈로그어를 골라 주세요(답에 달린 버튼은 그 답의 언어를 유지해요).",
  "help.languageSlack":
    "슬랙은 사용자의 언어를 알려 주지 않아서, 명령어에 `lang:ko`, `lang:id`, `lang:tl`을 붙이지 않으면 영어로 답해요(답에 달린 버튼은 그 답의 언어를 유지해요).",
  "help.example": "예시",
  "help.alertsTitle": "후속 시즌 알림",
  "help.alertsDiscord":
    "`{on}` 명령을 입력하면 시즌 2·3 새 소식이 이 채널에 한 번씩 올라와요. {permissions} 권한 중 하나가 있는 멤버만 켜고 끌 수 있고, 봇이 내 계정이 아니라 서버에 추가되어 있어야 해요.",
  "help.alertsSlack":
    "`{on}` 명령을 입력하면 시즌 2·3 새 소식이 이 채널에 한 번씩 올라와요. 채널에 있는 누구나 켜고 끌 수 있고, 누가 했는지 채널에 알려요.",
  "help.installTitle": "봇 추가하기",
  "help.discordServer": "디스코드 서버",
  "help.discordAccount": "내 디스코드 계정",
  "help.slack": "슬랙 워크스페이스",
  "help.dataTitle": "데이터 출처",
  "help.data":
    "모든 답에 출처(언론 보도, 원작자, 회차 리뷰, 팬 글)가 붙어요. 소식은 공식, 원작자 발언, 보도, 루머로 구분하고 루머를 사실처럼 전하지 않아요. 비공식 팬 프로젝트예요.",
  "about.released": "공개",
  "about.episodes": "넷플릭스 {count}부작 전편 동시 공개",
  "about.credits": "만든 사람들",
  "about.honours": "흥행 기록과 수상",
  "button.watch": "넷플릭스에서 보기",
  "character.related": "이야기 속 가까운 인물",
  "character.noSpoilers": "이 인물의 스포일러 메모는 없어요.",
  "episode.noSpoilers": "이 회차의 스포일러 메모는 없어요.",
  "episode.laterSeason":
    "공개된 건 시즌 {only}뿐이라 시즌 {within} 회차는 보여 드릴 수 없어요. 시즌 2·3 소식은 `/renewal`에서 볼 수 있어요.",
  "episode.season": "시즌",
  "episode.released": "공개일",
  "episode.titlesNote": "회차 제목은 넷플릭스 영문 제목이에요. 한국어 회차 제목은 출처에서 찾지 못했어요.",
  "menu.episode": "회차를 고르세요",
  "renewal.newest": "최신 소식 {count}건",
  "renewal.newestOne": "최신 소식 1건",
  "renewal.fullTimeline": "시즌 2·3 전체 타임라인",
  "renewal.page": "{pages}쪽 중 {page}쪽, 최신순",
  "button.fullTimeline": "전체 타임라인 ▶",
  "button.newer": "◀ 최근 소식",
  "button.older": "지난 소식 ▶",
  footer: "중증외상센터 · 팬 봇",
};

const id: Catalogue = {
  "error.generic": "Ada gangguan di sisi kami. Coba lagi sebentar lagi, ya.",
  "error.contentUnavailable": "Info drama sedang tidak bisa dimuat. Coba lagi beberapa menit lagi.",
  "error.unknownCommand": "Perintah `/{name}` tidak ada. Coba salah satu: {commands}.",
  "error.optionNumber": "**{option}** harus berupa angka.",
  "error.optionText": "**{option}** harus berupa teks.",
  "error.optionRange": "**{option}** harus angka bulat dari {min} sampai {max}.",
  "error.optionOneAtATime":
    "**{option}** hanya menerima satu angka dari {min} sampai {max} sekaligus: minta {first} dulu, lalu yang berikutnya.",
  "error.optionChoice": "**{option}** harus salah satu dari: {choices}.",
  "error.optionTooLong": "**{option}** terlalu panjang (maksimal {max} karakter).",
  "error.unknownOption": "`/{command}` tidak punya opsi **{option}**.",
  "error.unreadText": "`/{command}` hanya bisa diikuti bahasa, bukan **{text}**.",
  "error.staleButton": "Tombol atau menu itu sudah kedaluwarsa. Jalankan lagi perintahnya.",
  usage: "Cara pakai: {usage}",
  sources: "Sumber",
  "sources.more": "{count} lainnya",
  "sources.fanText": "artikel penggemar",
  spoilers: "Spoiler",
  "character.roster": "Daftar karakter",
  "character.rosterIntro": "Tim trauma dan orang-orang di sekitar mereka. Ketik misalnya {example} untuk melihat satu karakter.",
  "character.unknown": "Karakter bernama **{name}** tidak ditemukan. `{list}` menampilkan semuanya.",
  "character.several": "Ada beberapa karakter dengan nama **{name}**. Pilih satu:",
  "list.menuCut": "Menu hanya memuat {shown} pertama dari {total}: cari yang lainnya dengan namanya.",
  "character.actor": "Pemeran",
  "character.role": "Peran",
  "character.nicknames": "Julukan",
  "character.noActor": "hanya muncul di foto",
  "character.actorUnknown": "tidak disebut di sumber kami",
  "episode.guide": "Panduan episode",
  "episode.guideIntro": "Musim 1, delapan episode, tayang di Netflix pada {date}.",
  "episode.heading": "Episode {number}",
  "episode.untitled": "judul belum pasti",
  "episode.noSynopsis": "Belum ada sinopsis yang terverifikasi. Kami tidak mau menebak-nebak.",
  "episode.unknown": "Episode {number} tidak ada. Musim 1 punya episode 1 sampai 8.",
  "episode.netflixTitle": "Judul Netflix",
  "renewal.title": "Musim 2 & 3: kabar terkini",
  "renewal.timeline": "Linimasa",
  "renewal.asOf": "per {date}",
  "renewal.around": "sekitar {date}",
  "delivery.withdrawn": "Ditarik: kabar ini telah dicabut ({reason}).",
  "delivery.reasonReviewer": "ditarik oleh peninjau",
  "delivery.reasonEditor": "ditarik oleh editor",
  "renewal.show": "The Trauma Code: Heroes on Call",
  "renewal.legend":
    "Label: resmi = pernyataan Netflix, pernyataan penulis = kata penulis aslinya, laporan = pemberitaan media, rumor = belum terkonfirmasi.",
  "label.official": "resmi",
  "label.author statement": "pernyataan penulis",
  "label.report": "laporan",
  "label.rumor": "rumor",
  "inspiration.list": "Kisah nyata di balik drama ini, dan drama serupa",
  "inspiration.listIntro": "Ketik misalnya {example} untuk membaca salah satunya.",
  "inspiration.unknown": "Topik **{topic}** tidak ditemukan. `{list}` menampilkan semuanya.",
  "inspiration.several": "Ada beberapa topik dengan nama **{topic}**. Pilih satu:",
  "alerts.dm": "Notifikasi kelanjutan diatur per channel: jalankan perintah ini di sebuah channel, bukan di DM.",
  "alerts.permission":
    "Hanya anggota yang bisa mengelola channel ini (salah satu dari {permissions}) yang bisa menyalakan atau mematikan notifikasi.",
  "alerts.inviteFirst":
    "Aku tidak bisa melihat channel ini: channel ini privat dan aku belum diundang. Undang aku dulu (`/invite` lalu namaku), kemudian nyalakan notifikasi lagi. Sampai saat itu notifikasi tetap mati.",
  "permission.viewChannel": "Lihat Saluran (View Channel)",
  "permission.sendMessages": "Kirim Pesan (Send Messages)",
  "permission.sendMessagesInThreads": "Kirim Pesan di Thread (Send Messages in Threads)",
  "permission.embedLinks": "Sematkan Tautan (Embed Links)",
  "permission.readMessageHistory": "Baca Riwayat Pesan (Read Message History)",
  "permission.connect": "Hubungkan (Connect)",
  "permission.manageWebhooks": "Kelola Webhook (Manage Webhooks)",
  "permission.administrator": "Administrator",
  "permission.manageServer": "Kelola Server (Manage Server)",
  "permission.manageChannels": "Kelola Saluran (Manage Channels)",
  "alerts.botPermission":
    "Aku belum bisa mengirim pesan di channel ini. Berikan izin berikut di sini, lalu coba lagi: {permissions}.",
  // Indonesian asks for one permission as for several ("izin berikut").
  "alerts.botPermissionOne":
    "Aku belum bisa mengirim pesan di channel ini. Berikan izin berikut di sini, lalu coba lagi: {permissions}.",
  "alerts.botPermissionStill":
    "Notifikasi tetap menyala, tetapi aku belum punya izin berikut di sini: {permissions}. Berikan izinnya, atau kiriman bisa gagal atau, jika jawabannya hilang, datang dua kali.",
  "alerts.botPermissionStillOne":
    "Notifikasi tetap menyala, tetapi aku belum punya izin berikut di sini: {permissions}. Berikan izinnya, atau kiriman bisa gagal atau, jika jawabannya hilang, datang dua kali.",
  "alerts.on":
    "Notifikasi kelanjutan aktif di channel ini. Kabar musim 2 dan 3 akan dikirim ke sini dalam bahasa {language}, masing-masing sekali.",
  "alerts.onPublic":
    "**{user}** menyalakan notifikasi kelanjutan di channel ini. Kabar musim 2 dan 3 akan dikirim ke sini dalam bahasa {language}.",
  "alerts.already": "Notifikasi kelanjutan sudah aktif di channel ini sejak {date}, dalam bahasa {language}.",
  "alerts.language": "Notifikasi tetap aktif di channel ini; kiriman berikutnya dalam bahasa {language}.",
  "alerts.off": "Notifikasi kelanjutan dimatikan untuk channel ini.",
  "alerts.offPublic": "**{user}** mematikan notifikasi kelanjutan untuk channel ini.",
  "alerts.notOn": "Notifikasi kelanjutan memang belum aktif di channel ini.",
  "alerts.offFollowing":
    "Channel ini mengikuti channel pengumuman bot, jadi bot tidak memposting apa pun sendiri di sini, dan yang masih menunggu dibatalkan. Discord tetap mengantar postingan channel pengumuman sampai follow dihapus di Pengaturan Server → Integrasi.",
  "alerts.statusOn": "Notifikasi kelanjutan **aktif** di sini sejak {date}, dalam bahasa {language}.",
  "alerts.statusWaitingInstall":
    "Notifikasi kelanjutan **aktif** di sini sejak {date}, dalam bahasa {language}, tetapi kiriman sedang menunggu: aplikasi yang terpasang di workspace ini tidak punya izin yang dibutuhkan ({reason}). Memasangnya lagi akan memberi izin itu, lalu kiriman yang menunggu akan dikirim.",
  "alerts.statusWaitingToken":
    "Notifikasi kelanjutan **aktif** di sini sejak {date}, dalam bahasa {language}, tetapi kiriman sedang menunggu: {platform} menolak akses bot ini ({reason}), dan hanya pengelola bot yang bisa memperbaikinya. Kiriman yang menunggu akan dikirim setelah itu.",
  "alerts.statusNone": "Notifikasi kelanjutan **tidak aktif** di sini. Nyalakan dengan `{on}`.",
  "alerts.statusOff": "Notifikasi kelanjutan **tidak aktif** di sini (dimatikan pada {date}). Nyalakan lagi dengan `{on}`.",
  "alerts.statusStopped": "Notifikasi kelanjutan **berhenti** di sini pada {date}. {why} ({reason})",
  "alerts.stop.discordGone":
    "Discord menjawab bahwa channel ini tidak ada bagiku (sudah dihapus, atau di luar jangkauanku). Pastikan aku bisa melihatnya, lalu nyalakan lagi dengan `{on}`.",
  "alerts.stop.discordAccess":
    "Aku kehilangan akses ke channel ini. Berikan izin berikut di sini: {permissions}, lalu nyalakan lagi dengan `{on}`.",
  "alerts.stop.discordAccessOne":
    "Aku kehilangan akses ke channel ini. Berikan izin berikut di sini: {permissions}, lalu nyalakan lagi dengan `{on}`.",
  "alerts.stop.discordPermissions":
    "Aku tidak lagi diizinkan mengirim pesan di sini. Berikan izin berikut di sini: {permissions}, lalu nyalakan lagi dengan `{on}`.",
  "alerts.stop.discordPermissionsOne":
    "Aku tidak lagi diizinkan mengirim pesan di sini. Berikan izin berikut di sini: {permissions}, lalu nyalakan lagi dengan `{on}`.",
  "alerts.stop.discordNotText":
    "Discord tidak mengizinkanku mengirim pesan di jenis channel ini. Nyalakan notifikasi di channel teks atau channel pengumuman.",
  "alerts.stop.threadArchived":
    "Thread ini sudah diarsipkan. Buka lagi (cukup kirim satu pesan di dalamnya), lalu nyalakan lagi dengan `{on}`.",
  "alerts.stop.threadLocked": "Moderator mengunci thread ini. Buka kuncinya, lalu nyalakan lagi dengan `{on}`.",
  "alerts.stop.slackNotMember":
    "Aku bukan anggota channel ini (channel privat perlu mengundangku). Undang aku (`/invite` lalu namaku), kemudian nyalakan lagi dengan `{on}`.",
  "alerts.stop.slackArchived": "Channel ini sudah diarsipkan. Setelah arsipnya dibatalkan, nyalakan lagi dengan `{on}`.",
  "alerts.stop.slackRestricted":
    "Workspace ini hanya mengizinkan sebagian anggota mengirim pesan di channel ini, dan aku tidak termasuk. Minta admin workspace mengizinkanku, atau nyalakan notifikasi di channel lain.",
  "alerts.stop.slackThreadOnly":
    "Channel ini hanya menerima balasan di thread, sedangkan setiap notifikasi adalah pesan tersendiri. Nyalakan notifikasi di channel lain.",
  "alerts.stop.slackOtherWorkspace":
    "Channel ini milik workspace yang belum memberi akses ke aplikasi ini (channel yang dipakai bersama beberapa workspace). Admin di sana bisa menambahkan aplikasinya, lalu nyalakan lagi dengan `{on}`.",
  "alerts.stop.slackRemoved":
    "Seseorang mengeluarkanku dari channel ini. Untuk menerima notifikasi di sini lagi, nyalakan dengan `{on}` (aku akan bergabung lagi).",
  "alerts.stop.uninstalled": "Aplikasi ini dicopot dari workspace ini.",
  "alerts.stop.revoked": "Akses aplikasi ke workspace ini dicabut (tokennya tidak berlaku lagi).",
  "alerts.statusStoppedElsewhere":
    "Notifikasi kelanjutan **berhenti** di sini pada {date}. Workspace lain yang berbagi kanal ini, yang dulu menyalakannya, mencopot aplikasinya atau kehilangan aksesnya. Nyalakan lagi dari sini dengan `{on}`.",
  "alerts.stop.reinstalled": "Setelah aplikasinya dipasang lagi di sini, nyalakan lagi dengan `{on}`.",
  "alerts.stop.unknown":
    "Pengiriman di sini gagal sehingga notifikasi berhenti. Pastikan aku bisa melihat channel ini dan mengirim pesan di sini, lalu nyalakan lagi dengan `{on}`.",
  "alerts.followThread":
    "Thread tidak bisa mengikuti channel pengumuman: Discord mengirim kabar yang diikuti ke channel, bukan ke thread. Pakai `{on}` supaya kabar dikirim ke thread ini, atau `{follow}` di channel induknya.",
  "alerts.followSource":
    "Ini channel pengumuman bot itu sendiri: channel ini tidak bisa mengikuti dirinya sendiri. Biarkan `{on}` tetap aktif di sini; channel lain bisa mengikutinya.",
  "alerts.followUnavailable":
    "Fitur ikuti tidak tersedia di sini: hanya di Discord, setelah operator bot menetapkan channel pengumuman. Pakai `{on}` supaya kabar dikirim ke channel ini.",
  "alerts.followNotSetUp":
    "Bot ini belum menyiapkan channel pengumuman untuk diikuti. Pakai `{on}` supaya kabar dikirim ke channel ini.",
  "alerts.followed":
    "Channel ini sekarang mengikuti channel pengumuman bot: Discord sendiri yang mengantar setiap kabar kelanjutan ke sini, dalam bahasa channel itu. Atur atau hapus di Pengaturan Server → Integrasi.",
  "alerts.followedAlready":
    "Channel ini sudah mengikuti channel pengumuman bot, jadi tidak ditambah lagi (setiap kabar akan datang dua kali). Atur atau hapus di Pengaturan Server → Integrasi.",
  "alerts.followBusy":
    "Fitur ikuti channel pengumuman bot sedang dipasang di channel ini saat ini, jadi tidak ditambah lagi (setiap kabar akan datang dua kali). Sekitar {seconds} detik lagi, jalankan `{follow}` lagi untuk memastikan: perintah itu menemukan follow yang sudah ada, dan tidak membuat yang kedua.",
  "alerts.followReplaced": "Notifikasi per channel di sini dimatikan, supaya tidak ada kabar yang datang dua kali.",
  "alerts.followRefused":
    "Discord tidak memasang fitur ikuti ({reason}). Ini hanya bisa di channel teks tempat aku punya izin {permission}.",
  "alerts.followUnsure":
    "Jawaban Discord untuk permintaan ikuti hilang ({reason}), jadi fitur ikuti mungkin tetap terpasang, atau baru terpasang sebentar lagi. Sekitar {seconds} detik lagi, jalankan `{follow}` lagi untuk memastikan: perintah itu menemukan follow yang sudah ada, dan tidak membuat yang kedua.",
  "alerts.followLater":
    "Discord sedang sibuk dan belum bisa memasang fitur ikuti sekarang ({reason}), jadi tidak ada yang berubah di sini. Tunggu sekitar {seconds} detik, lalu jalankan `{follow}` lagi.",
  "alerts.followLaterOne":
    "Discord sedang sibuk dan belum bisa memasang fitur ikuti sekarang ({reason}), jadi tidak ada yang berubah di sini. Tunggu sekitar satu detik, lalu jalankan `{follow}` lagi.",
  "alerts.followLaterMinutes":
    "Discord sedang sibuk dan belum bisa memasang fitur ikuti sekarang ({reason}), jadi tidak ada yang berubah di sini. Tunggu sekitar {minutes} menit, lalu jalankan `{follow}` lagi.",
  "alerts.followLaterHours":
    "Discord sedang sibuk dan belum bisa memasang fitur ikuti sekarang ({reason}), jadi tidak ada yang berubah di sini. Tunggu sekitar {hours} jam, lalu jalankan `{follow}` lagi.",
  "alerts.statusFollowing":
    "Channel ini **mengikuti** channel pengumuman bot (sejak {date}): Discord yang mengantar kabarnya. Atur di Pengaturan Server → Integrasi.",
  "alerts.followingStill":
    "Kalau channel ini masih mengikuti channel pengumuman bot, hapus dulu di Pengaturan Server → Integrasi, supaya kabar tidak datang dua kali.",
  "news.englishOnly": "_(untuk sementara hanya dalam bahasa Inggris)_",
  "news.headlineFrom": "Judul berita dari {outlets}; rinciannya ada di sumber.",
  "button.previous": "◀ Sebelumnya",
  "button.next": "Berikutnya ▶",
  "button.spoilers": "Lihat spoiler",
  "button.sources": "Sumber",
  "button.alertsOn": "🔔 Nyalakan notifikasi",
  "button.alertsOff": "🔕 Matikan notifikasi",
  "menu.character": "Pilih karakter",
  "menu.topic": "Pilih topik",
  "sources.all": "Sumber setiap entri linimasa",
  "sources.older":
    "{count} entri lama tidak tercantum di sini: Linimasa lengkap di `{renewal}` menampilkannya beserta sumbernya.",
  "sources.olderOne": "1 entri lama tidak tercantum di sini: Linimasa lengkap di `{renewal}` menampilkannya beserta sumbernya.",
  "slack.notInstalled": "Workspace ini belum memasang bot (atau sudah mencopotnya). Pasang di sini, lalu coba lagi: {url}",
  "slack.noInstall":
    "Workspace ini belum memasang bot (atau sudah mencopotnya), dan bot ini belum menerima workspace Slack baru. Minta pengelolanya menyelesaikan pengaturan aplikasi Slack-nya.",
  "alerts.notInServer":
    "Notifikasi kelanjutan butuh bot ada di server ini; kamu baru menambahkannya ke akunmu saja. Orang yang bisa mengelola server bisa menambahkannya di sini: {url}",
  "help.title": "Bantuan Trauma Code Bot",
  "help.intro":
    "Aku menjawab pertanyaan tentang **The Trauma Code: Heroes on Call** (중증외상센터): karakter, episode, kisah nyata di balik drama, dan kabar musim 2 dan 3. Setiap perintah bisa memilih bahasa ({languages}).",
  "help.languageDiscord":
    "Tanpa itu, aku menjawab dalam bahasa Discord-mu kalau itu bahasa Korea atau Indonesia; kalau bukan, dalam bahasa server kalau itu salah satunya; selain itu dalam bahasa Inggris. Discord tidak punya pengaturan bahasa Tagalog: untuk Tagalog, pilih Tagalog di opsi `{language}` pada setiap perintah (tombol di bawah jawaban tetap memakai bahasanya).",
  "help.languageSlack":
    "Slack tidak memberi tahu bahasamu, jadi aku menjawab dalam bahasa Inggris kecuali kamu menambahkan `lang:ko`, `lang:id`, atau `lang:tl` ke perintah (tombol di bawah jawaban tetap memakai bahasanya).",
  "help.example": "Contoh",
  "help.alertsTitle": "Notifikasi kelanjutan",
  "help.alertsDiscord":
    "`{on}` mengirim setiap kabar baru musim 2 dan 3 ke channel ini, masing-masing sekali. Anggota dengan salah satu izin {permissions} bisa menyalakan atau mematikannya; bot harus ditambahkan ke server (bukan hanya ke akunmu).",
  "help.alertsSlack":
    "`{on}` mengirim setiap kabar baru musim 2 dan 3 ke channel ini, masing-masing sekali. Siapa pun di channel bisa menyalakan atau mematikannya, dan channel diberi tahu siapa yang melakukannya.",
  "help.installTitle": "Tambahkan bot",
  "help.discordServer": "server Discord",
  "help.discordAccount": "akun Discord-mu",
  "help.slack": "workspace Slack",
  "help.dataTitle": "Asal datanya",
  "help.data":
    "Setiap jawaban mencantumkan sumbernya (media, penulis aslinya, ulasan episode, dan artikel penggemar). Kabar diberi label resmi, pernyataan penulis, laporan atau rumor; rumor tidak pernah disajikan sebagai fakta. Proyek penggemar tidak resmi.",
  "about.released": "Tayang",
  "about.episodes": "{count} episode, semuanya sekaligus di Netflix",
  "about.credits": "Di balik layar",
  "about.honours": "Prestasi di chart dan penghargaan",
  "button.watch": "Tonton di Netflix",
  "character.related": "Yang terdekat dalam cerita",
  "character.noSpoilers": "Tidak ada catatan spoiler untuk karakter ini.",
  "episode.noSpoilers": "Tidak ada catatan spoiler untuk episode ini.",
  "episode.laterSeason":
    "Baru musim {only} yang tayang, jadi tidak ada episode musim {within} untuk ditampilkan. Kabar terbaru tentang musim 2 dan 3 ada di `/renewal`.",
  "episode.season": "Musim",
  "episode.released": "Tayang",
  "episode.titlesNote":
    "Judul episode adalah judul bahasa Inggris dari Netflix; judul episode berbahasa Korea tidak ditemukan di sumber kami.",
  "menu.episode": "Buka episode",
  "renewal.newest": "{count} kabar terbaru",
  "renewal.newestOne": "Kabar terbaru",
  "renewal.fullTimeline": "Musim 2 & 3: linimasa lengkap",
  "renewal.page": "Halaman {page} dari {pages}, terbaru dulu",
  "button.fullTimeline": "Linimasa lengkap ▶",
  "button.newer": "◀ Lebih baru",
  "button.older": "Lebih lama ▶",
  footer: "The Trauma Code: Heroes on Call · bot penggemar",
};

const tl: Catalogue = {
  "error.generic": "May nagka-problema sa amin. Pakisubukan ulit mamaya.",
  "error.contentUnavailable": "Hindi ma-load ngayon ang impormasyon tungkol sa serye. Subukan ulit pagkalipas ng ilang minuto.",
  "error.unknownCommand": "Walang command na `/{name}`. Subukan ang isa sa mga ito: {commands}.",
  "error.optionNumber": "Kailangan ng numero sa **{option}**.",
  "error.optionText": "Kailangan ng teksto sa **{option}**.",
  "error.optionRange": "Ang **{option}** ay dapat buong numero mula {min} hanggang {max}.",
  "error.optionOneAtATime":
    "Isang numero lang mula {min} hanggang {max} ang kaya ng **{option}** bawat tanong: hingin muna ang {first}, saka ang susunod.",
  "error.optionChoice": "Ang **{option}** ay dapat isa sa mga ito: {choices}.",
  "error.optionTooLong": "Masyadong mahaba ang **{option}** (hanggang {max} character lang).",
  "error.unknownOption": "Walang option na **{option}** ang `/{command}`.",
  "error.unreadText": "Wika lang ang puwedeng idugtong sa `/{command}`, hindi ang **{text}**.",
  "error.staleButton": "Expired na ang button o menu na iyan. Patakbuhin ulit ang command.",
  usage: "Paano gamitin: {usage}",
  sources: "Mga pinagmulan",
  "sources.more": "{count} pa",
  "sources.fanText": "artikulo ng fan",
  spoilers: "Mga spoiler",
  "character.roster": "Mga karakter",
  "character.rosterIntro":
    "Ang trauma team at ang mga taong nakapaligid sa kanila. I-type halimbawa ang {example} para sa isa sa kanila.",
  "character.unknown": "Walang nahanap na karakter na **{name}**. Ipinapakita ng `{list}` ang lahat.",
  "character.several": "Higit sa isang karakter ang tinatawag na **{name}**. Pumili ng isa:",
  "list.menuCut": "Ang unang {shown} lang sa {total} ang nasa menu: hanapin ang iba sa pangalan nila.",
  "character.actor": "Gumaganap",
  "character.role": "Papel",
  "character.nicknames": "Mga palayaw",
  "character.noActor": "sa litrato lang lumalabas",
  "character.actorUnknown": "hindi binanggit sa aming mga source",
  "episode.guide": "Gabay sa mga episode",
  "episode.guideIntro": "Unang season, walong episode, ipinalabas sa Netflix noong {date}.",
  "episode.heading": "Episode {number}",
  "episode.untitled": "hindi pa kumpirmado ang pamagat",
  "episode.noSynopsis": "Wala pang beripikadong buod. Mas mabuting manahimik kaysa manghula.",
  "episode.unknown": "Walang episode {number}. May episode 1 hanggang 8 ang unang season.",
  "episode.netflixTitle": "Pamagat sa Netflix",
  "renewal.title": "Ikalawa at ikatlong season: nasaan na tayo",
  "renewal.timeline": "Timeline",
  "renewal.asOf": "hanggang {date}",
  "renewal.around": "bandang {date}",
  "delivery.withdrawn": "Binawi: binawi na ang balitang ito ({reason}).",
  "delivery.reasonReviewer": "binawi ng isang tagasuri",
  "delivery.reasonEditor": "binawi ng editor",
  "renewal.show": "The Trauma Code: Heroes on Call",
  "renewal.legend":
    "Mga label: opisyal = sinabi ng Netflix, pahayag ng awtor = sinabi ng orihinal na awtor, ulat = balita ng media, tsismis = hindi kumpirmado.",
  "label.official": "opisyal",
  "label.author statement": "pahayag ng awtor",
  "label.report": "ulat",
  "label.rumor": "tsismis",
  "inspiration.list": "Ang totoong mga kuwento sa likod ng serye, at mga kahawig na drama",
  "inspiration.listIntro": "I-type halimbawa ang {example} para sa isa sa mga ito.",
  "inspiration.unknown": "Walang nahanap na paksang **{topic}**. Ipinapakita ng `{list}` ang lahat.",
  "inspiration.several": "Higit sa isang paksa ang tinatawag na **{topic}**. Pumili ng isa:",
  "alerts.dm": "Bawat channel ang may sariling renewal alert: patakbuhin ito sa isang channel, hindi sa DM.",
  "alerts.permission":
    "Ang mga miyembrong may pahintulot na mamahala sa channel na ito (alinman sa {permissions}) lang ang makakapag-on o off ng alerts.",
  "alerts.inviteFirst":
    "Hindi ko makita ang channel na ito: pribado ito at hindi pa ako naiimbitahan. Imbitahan muna ako (`/invite` at ang pangalan ko), saka i-on ulit ang alerts. Naka-off ang mga ito hanggang doon.",
  "alerts.botPermission":
    "Hindi pa ako makapag-post sa channel na ito. Ibigay muna ang mga pahintulot na ito rito, saka subukan ulit: {permissions}.",
  "alerts.botPermissionOne":
    "Hindi pa ako makapag-post sa channel na ito. Ibigay muna ang pahintulot na ito rito, saka subukan ulit: {permissions}.",
  "alerts.botPermissionStill":
    "Naka-on pa rin ang alerts, pero wala pa akong mga pahintulot na ito rito: {permissions}. Ibigay ang mga ito, o baka pumalya ang mga post o, kapag nawala ang sagot, dumating nang dalawang beses.",
  "alerts.botPermissionStillOne":
    "Naka-on pa rin ang alerts, pero wala pa akong pahintulot na ito rito: {permissions}. Ibigay ito, o baka pumalya ang mga post o, kapag nawala ang sagot, dumating nang dalawang beses.",
  "alerts.on":
    "Naka-on na ang renewal alerts sa channel na ito. Dito ipo-post sa {language} ang balita tungkol sa ikalawa at ikatlong season, tig-iisang beses.",
  "alerts.onPublic":
    "In-on ni **{user}** ang renewal alerts sa channel na ito. Dito ipo-post sa {language} ang balita tungkol sa ikalawa at ikatlong season.",
  "alerts.already": "Naka-on na ang renewal alerts sa channel na ito mula {date}, sa {language}.",
  "alerts.language": "Nananatiling naka-on ang alerts sa channel na ito; sa {language} na ang mga susunod na post.",
  "alerts.off": "Naka-off na ang renewal alerts sa channel na ito.",
  "alerts.offPublic": "In-off ni **{user}** ang renewal alerts sa channel na ito.",
  "alerts.notOn": "Hindi naka-on ang renewal alerts sa channel na ito.",
  "alerts.offFollowing":
    "Naka-follow ang channel na ito sa announcement channel ng bot, kaya walang ipo-post ang bot mismo dito, at kinansela ang mga naghihintay pa. Patuloy na ihahatid ng Discord ang mga post ng announcement channel hangga't hindi tinatanggal ang follow sa Server Settings → Integrations.",
  "alerts.statusOn": "**Naka-on** ang renewal alerts dito mula {date}, sa {language}.",
  "alerts.statusWaitingInstall":
    "**Naka-on** ang renewal alerts dito mula {date}, sa {language}, pero naghihintay ang mga post: kulang ng pahintulot na kailangan nila ang app na naka-install sa workspace na ito ({reason}). Kapag in-install ulit ito, maibibigay iyon, at saka ipo-post ang mga naghintay.",
  "alerts.statusWaitingToken":
    "**Naka-on** ang renewal alerts dito mula {date}, sa {language}, pero naghihintay ang mga post: tinanggihan ng {platform} ang access ng bot ({reason}), at ang nagpapatakbo lang ng bot ang makakaayos nito. Ipo-post ang mga naghintay kapag naayos na.",
  "alerts.statusNone": "**Naka-off** ang renewal alerts dito. I-on gamit ang `{on}`.",
  "alerts.statusOff": "**Naka-off** ang renewal alerts dito (in-off noong {date}). I-on ulit gamit ang `{on}`.",
  "alerts.statusStopped": "**Tumigil** ang renewal alerts dito noong {date}. {why} ({reason})",
  "alerts.stop.discordGone":
    "Sabi ng Discord, wala para sa akin ang channel na ito (binura, o hindi ko na maabot). Tiyaking nakikita ko ito, saka i-on ulit gamit ang `{on}`.",
  "alerts.stop.discordAccess":
    "Nawalan ako ng access sa channel na ito. Ibigay sa akin dito ang mga pahintulot na ito: {permissions}, saka i-on ulit gamit ang `{on}`.",
  "alerts.stop.discordAccessOne":
    "Nawalan ako ng access sa channel na ito. Ibigay sa akin dito ang pahintulot na ito: {permissions}, saka i-on ulit gamit ang `{on}`.",
  "alerts.stop.discordPermissions":
    "Hindi na ako pinapayagang mag-post dito. Ibigay sa akin dito ang mga pahintulot na ito: {permissions}, saka i-on ulit gamit ang `{on}`.",
  "alerts.stop.discordPermissionsOne":
    "Hindi na ako pinapayagang mag-post dito. Ibigay sa akin dito ang pahintulot na ito: {permissions}, saka i-on ulit gamit ang `{on}`.",
  "alerts.stop.discordNotText":
    "Hindi ako pinapayagan ng Discord na mag-post sa ganitong uri ng channel. I-on ang alerts sa isang text o announcement channel.",
  "alerts.stop.threadArchived":
    "Na-archive ang thread na ito. Buksan ulit ito (sapat na ang isang mensahe rito), saka i-on ulit gamit ang `{on}`.",
  "alerts.stop.threadLocked": "Ni-lock ng isang moderator ang thread na ito. I-unlock ito, saka i-on ulit gamit ang `{on}`.",
  "alerts.stop.slackNotMember":
    "Hindi ako miyembro ng channel na ito (kailangan akong imbitahan sa pribadong channel). Imbitahan ako (`/invite` at ang pangalan ko), saka i-on ulit gamit ang `{on}`.",
  "alerts.stop.slackArchived": "Na-archive ang channel na ito. Kapag na-unarchive na, i-on ulit gamit ang `{on}`.",
  "alerts.stop.slackRestricted":
    "Sa workspace na ito, ilang miyembro lang ang puwedeng mag-post sa channel na ito, at hindi ako kasama. Hilingin sa isang admin ng workspace na payagan akong mag-post dito, o i-on ang alerts sa ibang channel.",
  "alerts.stop.slackThreadOnly":
    "Mga sagot sa thread lang ang tinatanggap ng channel na ito, at sariling post ang bawat alert. I-on ang alerts sa ibang channel.",
  "alerts.stop.slackOtherWorkspace":
    "Nasa workspace na hindi pa nagbibigay ng access sa app ang channel na ito (channel na pinagsasaluhan ng ilang workspace). Puwedeng idagdag ng admin doon ang app, saka i-on ulit gamit ang `{on}`.",
  "alerts.stop.slackRemoved":
    "May nag-alis sa akin sa channel na ito. Para magka-alerts ulit dito, i-on ang mga ito gamit ang `{on}` (babalik ako rito).",
  "alerts.stop.uninstalled": "Inalis ang app sa workspace na ito.",
  "alerts.stop.revoked": "Binawi ang access ng app sa workspace na ito (hindi na gumagana ang token nito).",
  "alerts.statusStoppedElsewhere":
    "**Tumigil** ang renewal alerts dito noong {date}. Inalis ang app o nawalan ito ng access sa ibang workspace na kahati sa channel na ito, na siyang nag-on nito. I-on ulit mula rito gamit ang `{on}`.",
  "alerts.stop.reinstalled": "Kapag naka-install na ulit dito ang app, i-on ulit ang alerts gamit ang `{on}`.",
  "alerts.stop.unknown":
    "Pumalya ang pag-post dito kaya tumigil ang alerts. Tiyaking nakikita ko ang channel na ito at makakapag-post ako rito, saka i-on ulit gamit ang `{on}`.",
  "alerts.followThread":
    "Hindi puwedeng mag-follow ng announcement channel ang isang thread: sa mga channel lang inihahatid ng Discord ang fina-follow, hindi sa thread. Gamitin ang `{on}` para dito sa thread i-post ang balita, o ang `{follow}` sa channel na kinabibilangan nito.",
  "alerts.followSource":
    "Ito mismo ang announcement channel ng bot: hindi nito mafo-follow ang sarili. Panatilihin dito ang `{on}`; ang ibang channel ang puwedeng mag-follow dito.",
  "alerts.followUnavailable":
    "Hindi puwede ang follow dito: sa Discord lang ito, kapag may announcement channel na itinakda ang operator ng bot. Gamitin ang `{on}` para dito mismo i-post ang balita.",
  "alerts.followNotSetUp":
    "Walang naka-set up na announcement channel ang bot na ito na puwedeng i-follow. Gamitin ang `{on}` para dito mismo i-post ang balita.",
  "alerts.followed":
    "Naka-follow na ang channel na ito sa announcement channel ng bot: ang Discord mismo ang maghahatid dito ng bawat bagong balita, sa wika ng channel na iyon. Ayusin o tanggalin ito sa Server Settings → Integrations.",
  "alerts.followedAlready":
    "Naka-follow na ang channel na ito sa announcement channel ng bot, kaya hindi na nagdagdag ng isa pa (darating nang dalawang beses ang bawat balita). Ayusin o tanggalin ito sa Server Settings → Integrations.",
  "alerts.followBusy":
    "Ginagawa pa lang ngayon ang follow sa announcement channel ng bot sa channel na ito, kaya hindi na nagdagdag ng isa pa (darating nang dalawang beses ang bawat balita). Makalipas ang mga {seconds} segundo, patakbuhin ulit ang `{follow}` para makasiguro: hahanapin nito ang follow na nagawa na, at hindi na gagawa ng pangalawa.",
  "alerts.followReplaced": "In-off ang per-channel alerts dito para walang dumating nang dalawang beses.",
  "alerts.followRefused":
    "Hindi na-set up ng Discord ang follow ({reason}). Gumagana lang ito sa text channel kung saan may {permission} ako.",
  "alerts.followUnsure":
    "Nawala ang sagot ng Discord sa follow ({reason}), kaya baka na-set up pa rin ito, o ma-set up ilang saglit mula ngayon. Makalipas ang mga {seconds} segundo, patakbuhin ulit ang `{follow}` para makasiguro: hahanapin nito ang follow na nagawa na, at hindi na gagawa ng pangalawa.",
  "alerts.followLater":
    "Abala ang Discord ngayon kaya hindi nito na-set up ang follow ({reason}), at walang nabago rito. Patakbuhin ulit ang `{follow}` makalipas ang mga {seconds} segundo.",
  "alerts.followLaterOne":
    "Abala ang Discord ngayon kaya hindi nito na-set up ang follow ({reason}), at walang nabago rito. Patakbuhin ulit ang `{follow}` makalipas ang isang segundo.",
  "alerts.followLaterMinutes":
    "Abala ang Discord ngayon kaya hindi nito na-set up ang follow ({reason}), at walang nabago rito. Patakbuhin ulit ang `{follow}` makalipas ang mga {minutes} minuto.",
  "alerts.followLaterHours":
    "Abala ang Discord ngayon kaya hindi nito na-set up ang follow ({reason}), at walang nabago rito. Patakbuhin ulit ang `{follow}` makalipas ang mga {hours} oras.",
  "alerts.statusFollowing":
    "**Naka-follow** ang channel na ito sa announcement channel ng bot (mula {date}): ang Discord ang naghahatid ng mga post. Ayusin ito sa Server Settings → Integrations.",
  "alerts.followingStill":
    "Kung naka-follow pa ang channel na ito sa announcement channel ng bot, tanggalin muna iyon sa Server Settings → Integrations, o dalawang beses darating ang bawat balita.",
  "news.englishOnly": "_(sa Ingles muna sa ngayon)_",
  "news.headlineFrom": "Headline mula sa {outlets}; nasa mga source ang detalye.",
  "button.previous": "◀ Nakaraan",
  "button.next": "Susunod ▶",
  "button.spoilers": "Ipakita ang spoiler",
  "button.sources": "Mga pinagmulan",
  "button.alertsOn": "🔔 I-on ang alerts",
  "button.alertsOff": "🔕 I-off ang alerts",
  "menu.character": "Pumili ng karakter",
  "menu.topic": "Pumili ng paksa",
  "sources.all": "Mga pinagmulan ng bawat entry sa timeline",
  "sources.older":
    "Hindi nakalista rito ang {count} mas lumang entry: nasa Buong timeline ng `{renewal}` ang mga ito at ang kanilang mga pinagmulan.",
  "sources.olderOne":
    "Hindi nakalista rito ang isang mas lumang entry: nasa Buong timeline ng `{renewal}` ito at ang mga pinagmulan nito.",
  "slack.notInstalled":
    "Hindi pa naka-install ang bot sa workspace na ito (o inalis na). I-install dito, saka subukan ulit: {url}",
  "slack.noInstall":
    "Hindi pa naka-install ang bot sa workspace na ito (o inalis na), at hindi pa tumatanggap ang bot na ito ng bagong Slack workspace. Hilingin sa nagpapatakbo nito na tapusin ang pag-set up ng Slack app nito.",
  "alerts.notInServer":
    "Kailangang nasa server na ito ang bot para sa renewal alerts; sa account mo lang ito idinagdag. Maaari itong idagdag dito ng may pahintulot na mamahala sa server: {url}",
  "help.title": "Tulong sa Trauma Code Bot",
  "help.intro":
    "Sinasagot ko ang mga tanong tungkol sa **The Trauma Code: Heroes on Call** (중증외상센터): mga karakter, episode, ang totoong kuwento sa likod ng serye, at kung nasaan na ang ikalawa at ikatlong season. Puwedeng pumili ng wika sa bawat command ({languages}).",
  "help.languageDiscord":
    "Kung walang pinili, sasagot ako sa wika ng Discord mo kapag Korean o Indonesian ito; kung hindi, sa wika ng server kapag isa ito sa mga iyon; at sa Ingles kung wala. Walang Tagalog na setting ang Discord: para sa Tagalog, piliin ang Tagalog sa option na `{language}` ng bawat command (nananatili sa wika ng sagot ang mga button sa ilalim nito).",
  "help.languageSlack":
    "Hindi sinasabi ng Slack ang wika mo, kaya sa Ingles ako sasagot maliban kung idaragdag mo ang `lang:ko`, `lang:id` o `lang:tl` sa command (nananatili sa wika ng sagot ang mga button sa ilalim nito).",
  "help.example": "Halimbawa",
  "help.alertsTitle": "Mga renewal alert",
  "help.alertsDiscord":
    "Ipo-post ng `{on}` dito ang bawat bagong balita sa ikalawa at ikatlong season, tig-iisang beses. Ang mga miyembrong may alinman sa {permissions} lang ang makakapag-on o off nito; kailangang idinagdag ang bot sa server (hindi lang sa account mo).",
  "help.alertsSlack":
    "Ipo-post ng `{on}` dito ang bawat bagong balita sa ikalawa at ikatlong season, tig-iisang beses. Kahit sino sa channel ay puwedeng mag-on o off nito, at sasabihin sa channel kung sino.",
  "help.installTitle": "Idagdag ang bot",
  "help.discordServer": "isang Discord server",
  "help.discordAccount": "iyong Discord account",
  "help.slack": "isang Slack workspace",
  "help.dataTitle": "Saan galing ang data",
  "help.data":
    "Nakalista sa bawat sagot ang pinagmulan nito (ang media, ang orihinal na awtor, mga recap ng episode at mga fan article). May label ang balita: opisyal, pahayag ng awtor, ulat o tsismis; hindi kailanman ipinapakitang totoo ang tsismis. Hindi opisyal na fan project.",
  "about.released": "Inilabas",
  "about.episodes": "{count} episode, sabay-sabay sa Netflix",
  "about.credits": "Mga gumawa",
  "about.honours": "Rekord sa chart at mga parangal",
  "button.watch": "Panoorin sa Netflix",
  "character.related": "Pinakamalapit sa kanya sa kuwento",
  "character.noSpoilers": "Walang spoiler note para sa karakter na ito.",
  "episode.noSpoilers": "Walang spoiler note para sa episode na ito.",
  "episode.laterSeason":
    "Season {only} pa lang ang lumabas, kaya walang episode ng season {within} na maipapakita. Nasa `/renewal` ang pinakabagong balita tungkol sa season 2 at 3.",
  "episode.season": "Season",
  "episode.released": "Inilabas",
  "episode.titlesNote":
    "Ang mga pamagat ay ang English na pamagat ng Netflix; walang nahanap na Korean na pamagat ng episode sa aming mga source.",
  "menu.episode": "Magbukas ng episode",
  "renewal.newest": "Ang {count} pinakabagong balita",
  "renewal.newestOne": "Ang pinakabagong balita",
  "renewal.fullTimeline": "Ikalawa at ikatlong season: buong timeline",
  "renewal.page": "Pahina {page} ng {pages}, pinakabago muna",
  "button.fullTimeline": "Buong timeline ▶",
  "button.newer": "◀ Mas bago",
  "button.older": "Mas luma ▶",
  footer: "The Trauma Code: Heroes on Call · fan bot",
  // Discord's client has no Filipino: a Tagalog reader's Discord names its permissions in English.
  ...ENGLISH_PERMISSIONS,
};

export const CATALOGUES: Record<Locale, Catalogue> = { en, ko, id, tl };

export type Params = Record<string, string | number>;

/** The string `key` in `locale`, with `{name}` placeholders filled from `params`. */
export function t(locale: Locale, key: StringKey, params: Params = {}): string {
  const template = CATALOGUES[locale][key] || en[key];
  return template.replace(/\{([\w]+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
