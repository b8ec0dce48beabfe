# Notifications, watching, mail preferences.
nav-notifications = Notifications
nav-notifications-count = { $count ->
    [one] { $count } unread notification
   *[other] { $count } unread notifications
}
notify-title = Notifications
notify-unread = { $count ->
    [one] { $count } unread
   *[other] { $count } unread
}
notify-read-all = Mark all as read
notify-empty = Nothing yet. Replies, mentions and news about what you watch will show up here.
notify-settings-title = Notification settings
notify-settings-mail = By e-mail
notify-settings-categories = Categories you watch
notify-settings-save = Save
notify-kind-reply = Replies to my topics
notify-kind-mention = Mentions of me
notify-kind-quote = Quotes of me
notify-kind-solution = My reply marked as the solution
notify-kind-solved = My question solved
notify-kind-like = Likes of my posts
notify-kind-watched-reply = New replies in what I watch
notify-kind-new-topic = New topics in categories I watch
notify-kind-edited-guide = Edits of guides I watch
notify-kind-proposal = Decisions on my proposed edits
notify-kind-moderation = Moderation of my posts or account
notify-kind-standing = Changes of my standing
notify-mode-immediately = Immediately
notify-mode-digest = Daily digest
notify-mode-off = Off
notify-reply = { $actor } replied in “{ $title }”
notify-mention = { $actor } mentioned you in “{ $title }”
notify-quote = { $actor } quoted you in “{ $title }”
notify-solution = { $actor } marked your reply in “{ $title }” as the solution
notify-solved = { $actor } marked a solution in your topic “{ $title }”
notify-like = { $others ->
    [0] { $actor } liked your post in “{ $title }”
    [one] { $actor } and { $others } other liked your post in “{ $title }”
   *[other] { $actor } and { $others } others liked your post in “{ $title }”
}
notify-watched-reply = { $actor } posted in “{ $title }”
notify-new-topic = { $actor } opened a new topic “{ $title }”
notify-edited-guide = { $actor } edited the guide “{ $title }”
notify-proposal-approved = Your proposed edit of “{ $title }” was approved
notify-proposal-rejected = Your proposed edit of “{ $title }” was not accepted
notify-moderation-hidden-post = A moderator hid your post in “{ $title }”
notify-moderation-unhidden-post = A moderator showed your post in “{ $title }” again
notify-moderation-deleted-post = A moderator deleted your post in “{ $title }”
notify-moderation-restored-post = A moderator restored your post in “{ $title }”
notify-moderation-applied-sanction = A moderator applied a sanction to your account: { $sanction }
notify-moderation-lifted-sanction = The sanction on your account was lifted: { $sanction }
notify-sanction-silence = silence
notify-sanction-suspend = suspension
notify-sanction-ban = ban
notify-standing = Your standing changed: { $field }
watch-label = Notify me
watch-apply = Set
watch-saved = Saved: you will be notified as chosen.
watch-level-watching = Watching: every new post
watch-level-tracking = Tracking: replies and mentions
watch-level-normal = Normal
watch-level-muted = Muted: nothing
unsubscribe-title = Unsubscribe
unsubscribe-invalid = This unsubscribe link is not valid.
unsubscribe-explain = Stop mail about: { $kind }? You will still see these notifications in the site.
unsubscribe-submit = Unsubscribe
unsubscribe-done = Done: no more mail about { $kind }. You can change this in the notification settings.
mail-notify = Notification
mail-digest = Daily digest
mail-notify-subject = { $text } · { $site }
mail-notify-action = Open
mail-notify-all = All notifications
mail-notify-why = You get this because mail about “{ $kind }” is on. Stop it with one click: { $link }
mail-digest-subject = { $count ->
    [one] { $count } new notification on { $site }
   *[other] { $count } new notifications on { $site }
}
mail-digest-intro = { $count ->
    [one] Since the last digest, { $count } thing happened that you watch:
   *[other] Since the last digest, { $count } things happened that you watch:
}
mail-digest-why = Stop the digest with one click: { $link }
error-bad-choice = That choice is not one of the options.
