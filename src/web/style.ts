// The pages' only stylesheet, inlined: system fonts, no images, no outside requests. The message
// cards borrow each client's look (Discord's dark embed, Slack's light blocks) without its assets.
// Korean wraps between words, as Korean is read, not between any two syllables as browsers wrap it by
// default (keep-all leaves other scripts as they were); a word too long for its line still breaks.
// The focus ring is dark on the light page and Slack's card, amber on Discord's dark one: a ring must
// stand out 3:1 from what it is drawn on, and amber on the light page is not 2:1. On a phone the language
// switch wraps between languages, never inside a name ("Bahasa / Indonesia").
export const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI","Noto Sans","Noto Sans KR","Apple SD Gothic Neo",sans-serif;color:#1d1c1d;background:#faf7f5;word-break:keep-all;overflow-wrap:break-word}
header,main,footer{max-width:72rem;margin:0 auto;padding:1rem}
header{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;justify-content:space-between;border-bottom:3px solid #8c0b20}
.brand{font-weight:700;color:#8c0b20;text-decoration:none;font-size:1.2rem}
nav{display:flex;flex-wrap:wrap;gap:.25rem .75rem}
nav a{color:#1d1c1d;white-space:nowrap}
nav a[aria-current]{font-weight:700;text-decoration:none;border-bottom:2px solid #8c0b20}
h1{font-size:2rem;margin:.5rem 0}
h2{margin-top:2rem;border-bottom:1px solid #ddd}
.lead{font-size:1.15rem;max-width:50rem}
a{color:#0b57a4}
a:focus-visible,.add:focus-visible{outline:3px solid #1d1c1d;outline-offset:2px}
.adds{list-style:none;padding:0;display:grid;gap:1rem;grid-template-columns:repeat(auto-fit,minmax(15rem,1fr))}
.adds li{display:flex;flex-direction:column;gap:.4rem}
.add{display:inline-block;padding:.7rem 1rem;border-radius:.5rem;color:#fff;font-weight:700;text-decoration:none;text-align:center}
.add.discord-server,.add.discord-account{background:#4752c4}
.add.slack{background:#4a154b}
.add.off{background:#777}
.legend{display:grid;grid-template-columns:1fr 1fr;gap:1rem;font-weight:700}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:1rem;margin:1rem 0;align-items:start}
.platform{display:none}
@media (max-width:50rem){.pair,.legend{grid-template-columns:1fr}.legend{display:none}.platform{display:block;font-weight:700}}
.msg{margin:0;padding:.8rem 1rem;border-radius:.5rem;font-size:.93rem;overflow-wrap:anywhere}
.who{margin-bottom:.4rem}
.avatar{display:inline-block;width:1.6rem;text-align:center}
.app{font-size:.65rem;font-weight:700;padding:0 .3rem;border-radius:.2rem;vertical-align:middle}
.msg.discord{background:#313338;color:#dbdee1}
.msg.discord a{color:#00a8fc}
.msg.discord a:focus-visible{outline-color:#f3a712}
.msg.discord .app{background:#5865f2;color:#fff}
.msg.discord .embed{background:#2b2d31;border-left:4px solid #c8102e;border-radius:.25rem;padding:.6rem .9rem}
.msg.discord .title{font-weight:700;color:#fff;margin-bottom:.3rem}
.msg.discord .note{font-size:.78rem;color:#b5bac1;margin-top:.5rem}
.msg.discord .btn,.msg.discord .select{background:#4e5058;color:#fff;border-radius:.25rem}
.msg.discord code{background:#1e1f22;padding:0 .2rem;border-radius:.2rem}
.msg.slack{background:#fff;color:#1d1c1d;border:1px solid #ddd}
.msg.slack a{color:#1264a3}
.msg.slack .app{background:#e8e8e8;color:#616061}
.msg.slack .title{font-weight:900;font-size:1.05rem;margin:.2rem 0 .4rem}
.msg.slack .note{font-size:.78rem;color:#616061;margin-top:.5rem}
.msg.slack .btn,.msg.slack .select{border:1px solid #bbb;border-radius:.25rem}
.msg.slack .btn.primary{background:#007a5a;color:#fff;border-color:#007a5a}
.msg.slack code{background:#f3f3f3;color:#c01343;padding:0 .2rem;border-radius:.2rem}
.fields{display:grid;grid-template-columns:repeat(auto-fill,minmax(9rem,1fr));gap:.4rem .8rem;margin:.5rem 0}
.field:not(.inline){grid-column:1/-1}
.fname{font-weight:700}
.links{margin-top:.5rem}
.image{font-style:italic;opacity:.8}
.section{display:flex;gap:.75rem;align-items:flex-start;justify-content:space-between}
.thumb{font-style:italic;opacity:.8;font-size:.8rem;max-width:6rem}
.sep{border:0;border-top:1px solid rgba(128,128,128,.35);margin:.5rem 0}
a.btn{text-decoration:none}
.spoiler summary{cursor:pointer}
.actions{display:flex;flex-wrap:wrap;gap:.4rem;margin-top:.6rem}
.btn,.select{display:inline-block;padding:.25rem .8rem;font-size:.85rem}
footer{border-top:1px solid #ddd;margin-top:2rem;color:#555}
.message{font-size:1.15rem}
`;
