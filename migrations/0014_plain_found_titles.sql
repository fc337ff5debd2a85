-- Items published from a feed headline kept the headline markdown-escaped as their title ("\(season 2\)").
-- A title is plain text now, escaped where it is set into markdown: the stored ones are read back as
-- written, in `news` (the timeline) and in the frozen message's heading (what an edit of a post shows).
-- Only items found in feeds (ids 'found-...') were ever escaped, and only titles holding a backslash change.

UPDATE news SET item = json_set(item,
    '$.title.en', replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(json_extract(item, '$.title.en'), '\*', '*'), '\_', '_'), '\~', '~'), '\`', '`'), '\|', '|'), '\[', '['), '\]', ']'), '\(', '('), '\)', ')'), '\<', '<'), '\>', '>'), '\#', '#'), '\\', '\'),
    '$.title.ko', replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(json_extract(item, '$.title.ko'), '\*', '*'), '\_', '_'), '\~', '~'), '\`', '`'), '\|', '|'), '\[', '['), '\]', ']'), '\(', '('), '\)', ')'), '\<', '<'), '\>', '>'), '\#', '#'), '\\', '\'),
    '$.title.id', replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(json_extract(item, '$.title.id'), '\*', '*'), '\_', '_'), '\~', '~'), '\`', '`'), '\|', '|'), '\[', '['), '\]', ']'), '\(', '('), '\)', ')'), '\<', '<'), '\>', '>'), '\#', '#'), '\\', '\'),
    '$.title.tl', replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(json_extract(item, '$.title.tl'), '\*', '*'), '\_', '_'), '\~', '~'), '\`', '`'), '\|', '|'), '\[', '['), '\]', ']'), '\(', '('), '\)', ')'), '\<', '<'), '\>', '>'), '\#', '#'), '\\', '\'))
WHERE id LIKE 'found-%' AND json_extract(item, '$.title.en') LIKE '%\%';

UPDATE messages SET body = json_set(body,
    '$.replies.en.blocks[0].text', replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(json_extract(body, '$.replies.en.blocks[0].text'), '\*', '*'), '\_', '_'), '\~', '~'), '\`', '`'), '\|', '|'), '\[', '['), '\]', ']'), '\(', '('), '\)', ')'), '\<', '<'), '\>', '>'), '\#', '#'), '\\', '\'),
    '$.replies.ko.blocks[0].text', replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(json_extract(body, '$.replies.ko.blocks[0].text'), '\*', '*'), '\_', '_'), '\~', '~'), '\`', '`'), '\|', '|'), '\[', '['), '\]', ']'), '\(', '('), '\)', ')'), '\<', '<'), '\>', '>'), '\#', '#'), '\\', '\'),
    '$.replies.id.blocks[0].text', replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(json_extract(body, '$.replies.id.blocks[0].text'), '\*', '*'), '\_', '_'), '\~', '~'), '\`', '`'), '\|', '|'), '\[', '['), '\]', ']'), '\(', '('), '\)', ')'), '\<', '<'), '\>', '>'), '\#', '#'), '\\', '\'),
    '$.replies.tl.blocks[0].text', replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(json_extract(body, '$.replies.tl.blocks[0].text'), '\*', '*'), '\_', '_'), '\~', '~'), '\`', '`'), '\|', '|'), '\[', '['), '\]', ']'), '\(', '('), '\)', ')'), '\<', '<'), '\>', '>'), '\#', '#'), '\\', '\'))
WHERE key LIKE 'renewal:found-%'
  AND json_extract(body, '$.replies.en.blocks[0].kind') = 'heading'
  AND json_extract(body, '$.replies.en.blocks[0].text') LIKE '%\%';
