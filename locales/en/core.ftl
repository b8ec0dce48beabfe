# Refusals, system notes and the staff log, as the domain reports them.

action-sanction = Sanctioning members
deny-silenced-until = You are silenced until { $until }, so you cannot post or edit now. Your profile says why.
deny-topic-closed = This topic is closed: only moderators can reply now.
deny-protected = This guide is protected: only moderators edit it. You can read its source or propose changes in a discussion.
deny-out-of-scope = You moderate other categories, not this one.
deny-own-account = { $action } is not possible on your own account.
deny-higher-rank = { $action } is possible only for members of a lower rank than yours.
deny-certificate-above-own = You can give only certificate levels below your own.

err-already-exists = This already exists.
err-link-damaged = This page link is damaged.
err-period-unknown = Unknown period: use day, week, month, year or all.
err-sort-unknown = Unknown sort order: use latest, new or top.
err-like-own = You cannot like your own post.
err-solution-reply-only = Only a reply can be the solution.
err-too-long = At most { $max ->
        [one] { $max } character
       *[other] { $max } characters
    }, please.
err-merge-self = A topic cannot be merged into itself.
err-not-held = This post is not waiting for approval.
err-flag-own = You cannot flag this post.
err-unknown-action = Unknown action.
err-wiki-busy = The guide is being edited by many people right now; please save again.
err-undo-first = The first version of a guide cannot be undone; revert instead.
err-proposal-decided = This proposal has already been decided.
err-proposal-conflict = This proposal no longer merges cleanly with the guide; edit it before approving.
err-form-damaged = The form is damaged; please open it again.
error-other-title = Error

mod-reason-code-held = Waiting for a moderator's approval.
mod-reason-code-flags = Flagged by the community; waiting for a moderator.
mod-reason-code-moderator = Hidden by a moderator.
mod-reason-code-not-approved = Not approved by a moderator.

quote-wrote = wrote
guide-default-title = Guide

feed-latest-title = { $site }: latest topics
feed-category-title = { $category } · { $site }
feed-changes-title = { $site }: guide changes

summary-approved = Proposal approved by { $by }

log-topic-close = closed the topic
log-topic-reopen = reopened the topic
log-topic-pin = pinned the topic
log-topic-pin-global = pinned the topic for the whole site
log-topic-unpin = unpinned the topic
log-topic-move = moved the topic from { $from } to { $to }
log-topic-merge = merged topic { $from } into { $into }
log-topic-split = split posts { $posts } of topic { $from } into topic { $into }
log-post-hide = hid a post
log-post-unhide = showed a hidden post again
log-post-delete = deleted a post
log-post-restore = restored a post
log-post-approve = approved a post
log-post-hide-by-flags = a post was hidden by the community's flags
log-flags-agree = agreed with the flags
log-flags-disagree = disagreed with the flags
log-user-silence = silenced the member{ $until ->
    [none] {""}
   *[other] {" "}until { $until }
}
log-user-suspend = suspended the member{ $until ->
    [none] {""}
   *[other] {" "}until { $until }
}
log-user-ban = banned the member
log-user-unsilence = lifted the silence
log-user-unsuspend = lifted the suspension
log-user-unban = lifted the ban
log-user-approve = approved the sign-up
log-user-reject = refused the sign-up
log-standing-certificate = certificate { $from } → { $to } ({ $source })
log-standing-bl = BL { $from } → { $to } ({ $source })
log-standing-bl-source = BL source { $from } → { $to } ({ $source })
log-standing-role = role { $from } → { $to } ({ $source })
log-standing-moderator-scope = moderated categories “{ $from }” → “{ $to }”
log-guide-protect = protected the guide { $title }
log-guide-unprotect = lifted the protection of { $title }

topic-deleted-note = This topic is deleted: only staff see it. Restore its opening post to bring it back.
topic-hidden-note = This topic is hidden while a moderator reviews its opening post; it takes no replies until then.
