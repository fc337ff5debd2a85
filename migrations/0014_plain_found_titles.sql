-- Items published from a feed headline kept the headline markdown-escaped as their title ("\(season 2\)").
-- A title is plain text now, escaped where it is set into markdown: the stored ones are read back as
-- written, in `news` (the timeline) and in the frozen message's heading (what an edit of a post shows).
-- Only a title made from a feed's headline was escaped: an item found in a feed ('found-...') whose
-- reviewer gave no English title, in each language the reviewer gave no title of its own. Titles a
-- reviewer typed were stored as typed, and stay so.

UPDATE news SET item = json_set(item,
    '$.title.en', replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(json_extract(item, '$.title.en'), '\*', '*'), '\_', '_'), '\~', '~'), '\`', '`'), '\|', '|'), '\[', '['), '\]', ']'), '\(', '('), '\)', ')'), '\<', '<'), '\>', '>'), '\#', '#'), '\\', '\'),
    '$.title.ko', CASE WHEN coalesce(trim(json_extract((SELECT edits FROM news_candidates c WHERE 'found-' || c.id = news.id), '$.title.ko')), '') <> '' THEN json_extract(item, '$.title.ko') ELSE replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(json_extract(item, '$.title.ko'), '\*', '*'), '\_', '_'), '\~', '~'), '\`', '`'), '\|', '|'), '\[', '['), '\]', ']'), '\(', '('), '\)', ')'), '\<', '<'), '\>', '>'), '\#', '#'), '\\', '\') END,
    '$.title.id', CASE WHEN coalesce(trim(json_extract((SELECT edits FROM news_candidates c WHERE 'found-' || c.id = news.id), '$.title.id')), '') <> '' THEN json_extract(item, '$.title.id') ELSE replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(json_extract(item, '$.title.id'), '\*', '*'), '\_', '_'), '\~', '~'), '\`', '`'), '\|', '|'), '\[', '['), '\]', ']'), '\(', '('), '\)', ')'), '\<', '<'), '\>', '>'), '\#', '#'), '\\', '\') END,
    '$.title.tl', CASE WHEN coalesce(trim(json_extract((SELECT edits FROM news_candidates c WHERE 'found-' || c.id = news.id), '$.title.tl')), '') <> '' THEN json_extract(item, '$.title.tl') ELSE replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(json_extract(item, '$.title.tl'), '\*', '*'), '\_', '_'), '\~', '~'), '\`', '`'), '\|', '|'), '\[', '['), '\]', ']'), '\(', '('), '\)', ')'), '\<', '<'), '\>', '>'), '\#', '#'), '\\', '\') END)
WHERE id LIKE 'found-%'
  AND json_extract(item, '$.title.en') LIKE '%\%'
  AND NOT (coalesce(trim(json_extract((SELECT edits FROM news_candidates c WHERE 'found-' || c.id = news.id), '$.title.en')), '') <> '');

UPDATE messages SET body = json_set(body,
    '$.replies.en.blocks[0].text', replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(json_extract(body, '$.replies.en.blocks[0].text'), '\*', '*'), '\_', '_'), '\~', '~'), '\`', '`'), '\|', '|'), '\[', '['), '\]', ']'), '\(', '('), '\)', ')'), '\<', '<'), '\>', '>'), '\#', '#'), '\\', '\'),
    '$.replies.ko.blocks[0].text', CASE WHEN coalesce(trim(json_extract((SELECT edits FROM news_candidates c WHERE 'renewal:found-' || c.id = messages.key), '$.title.ko')), '') <> '' THEN json_extract(body, '$.replies.ko.blocks[0].text') ELSE replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(json_extract(body, '$.replies.ko.blocks[0].text'), '\*', '*'), '\_', '_'), '\~', '~'), '\`', '`'), '\|', '|'), '\[', '['), '\]', ']'), '\(', '('), '\)', ')'), '\<', '<'), '\>', '>'), '\#', '#'), '\\', '\') END,
    '$.replies.id.blocks[0].text', CASE WHEN coalesce(trim(json_extract((SELECT edits FROM news_candidates c WHERE 'renewal:found-' || c.id = messages.key), '$.title.id')), '') <> '' THEN json_extract(body, '$.replies.id.blocks[0].text') ELSE replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(json_extract(body, '$.replies.id.blocks[0].text'), '\*', '*'), '\_', '_'), '\~', '~'), '\`', '`'), '\|', '|'), '\[', '['), '\]', ']'), '\(', '('), '\)', ')'), '\<', '<'), '\>', '>'), '\#', '#'), '\\', '\') END,
    '$.replies.tl.blocks[0].text', CASE WHEN coalesce(trim(json_extract((SELECT edits FROM news_candidates c WHERE 'renewal:found-' || c.id = messages.key), '$.title.tl')), '') <> '' THEN json_extract(body, '$.replies.tl.blocks[0].text') ELSE replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(json_extract(body, '$.replies.tl.blocks[0].text'), '\*', '*'), '\_', '_'), '\~', '~'), '\`', '`'), '\|', '|'), '\[', '['), '\]', ']'), '\(', '('), '\)', ')'), '\<', '<'), '\>', '>'), '\#', '#'), '\\', '\') END)
WHERE key LIKE 'renewal:found-%'
  AND json_extract(body, '$.replies.en.blocks[0].kind') = 'heading'
  AND json_extract(body, '$.replies.en.blocks[0].text') LIKE '%\%'
  AND NOT (coalesce(trim(json_extract((SELECT edits FROM news_candidates c WHERE 'renewal:found-' || c.id = messages.key), '$.title.en')), '') <> '');
