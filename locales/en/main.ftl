language-name = English

nav-skip = Skip to content
nav-label = Main
nav-forum = Forum
nav-wiki = Guides
nav-settings = Settings
nav-sign-out = Sign out
nav-sign-in = Sign in
nav-register = Create account
footer-language = Language
footer-language-apply = Apply
home-tagline = Ask the community, find the guide, keep your money safe.
feed-atom = Atom feed

error-back-home = Back to the front page
error-sign-in = Please sign in to do this.
error-csrf = This form has expired or did not come from this site. Go back, reload the page and try again; nothing was changed.
error-rate-limited = Too many attempts. Please wait { $seconds ->
        [one] { $seconds } second
       *[other] { $seconds } seconds
    } and try again.
error-unknown-language = That language is not available.
error-other-text = Something went wrong with this request.
error-400-title = Bad request
error-400-text = The request could not be understood.
error-401-title = Sign-in required
error-401-text = Please sign in to do this.
error-403-title = Not allowed
error-403-text = You are not allowed to do this.
error-404-title = Page not found
error-404-text = There is nothing at this address. It may have been moved or never existed.
error-405-title = Not allowed here
error-405-text = This address does not accept that kind of request.
error-408-title = Too slow
error-408-text = The request took too long. Please try again.
error-409-title = Conflict
error-409-text = Someone changed this at the same time. Please try again.
error-413-title = Too large
error-413-text = What you sent is larger than this site accepts.
error-422-title = Please check the form
error-422-text = Some of what you entered needs fixing.
error-429-title = Slow down
error-429-text = Too many requests. Please wait a little and try again.
error-500-title = Something broke
error-500-text = An error on our side stopped this request. It has been logged; please try again later.
error-503-title = Unavailable
error-503-text = The site is temporarily unavailable. Please try again soon.

field-username = Username
field-email = E-mail
field-password = Password
field-current-password = Current password
field-new-password = New password
field-confirm-password = New password again
field-new-email = New e-mail

login-title = Sign in
login-field-login = Username or e-mail
login-submit = Sign in
login-no-account = New here?
login-failed = That username or e-mail and password do not match an account.

register-title = Create an account
register-closed = New accounts cannot be created on this site right now.
register-username-hint = 3–32 characters: letters (Cyrillic too), digits, and _ . -
register-password-hint = At least 10 characters. A phrase of several words is easy to remember and hard to guess.
register-submit = Create account
register-done = If those details were accepted, your account is ready: sign in with your username and password.

profile-joined = Joined
profile-role = Role
profile-certificate = Certificate
profile-bl = Business level
bl-badge = BL { $bl }
profile-standing-history = Certificate and BL changes
profile-no-history = No changes yet.
standing-when = When
standing-what = What
standing-change = Change
standing-reason = Reason
standing-field-certificate = Certificate
standing-field-bl = BL
standing-field-role = Role

settings-title = Settings
settings-password = Change password
settings-password-hint = Changing your password signs you out everywhere else.
settings-password-submit = Change password
settings-password-saved = Your password has been changed. Other sessions have been signed out.
settings-email = E-mail address
settings-email-current = Current address:
settings-email-submit = Change e-mail
settings-email-saved = Your e-mail address has been changed.
settings-language = Language

err-password-short = The password must be at least { $min ->
        [one] { $min } character
       *[other] { $min } characters
    } long.
err-password-long = The password must be at most { $max ->
        [one] { $max } character
       *[other] { $max } characters
    } long.
err-password-common = This password is too easy to guess. Please choose another one.
err-password-mismatch = The two new passwords are not the same.
err-current-password = The current password is not right.
err-username-length = The username must be { $min } to { $max ->
        [one] { $max } character
       *[other] { $max } characters
    } long.
err-username-chars = The username may contain only letters, digits and _ . -
err-username-taken = This username is taken. Please choose another one.
err-email-invalid = This does not look like an e-mail address.
err-email-unavailable = This e-mail address cannot be used.
err-reason-required = Please give a reason.
err-certificate-unknown = There is no such certificate level.
err-bl-range = BL must be between 0 and 10000.

role-member = member
role-moderator = moderator
role-admin = administrator
role-registrar = registrar

cert-alias = Alias
cert-formal = Formal
cert-initial = Initial
cert-personal = Personal
cert-merchant = Merchant
cert-capitaller = Capitaller
cert-cashier = Cashier
cert-developer = Developer
cert-registrar = Registrar
cert-guarantor = Guarantor
cert-service = Service
cert-operator = Operator

action-create-article = Creating guides
action-edit-article = Editing guides
action-rename-article = Renaming guides
action-revert-article = Reverting guides
action-review-proposals = Reviewing proposed edits
action-edit-protected-article = Editing a protected guide
action-protect-article = Protecting guides
action-moderate = Moderating
action-manage-standing = Setting certificate levels and BL
action-manage-roles = Changing roles
action-view-staff-log = Reading the staff log

deny-sign-in = { $action } needs you to sign in.
deny-below-bar = { $action } needs a { $certificate } certificate or higher and BL above { $bl }. You have { $have-certificate }, BL { $have-bl }.
deny-role = { $action } is for { $roles } only.
action-post = Posting
action-reply-closed = Replying to a closed topic
action-edit-post = Editing this post
action-delete-post = Deleting this post
action-see-deleted = Reading deleted posts
action-mark-solution = Marking the solution
action-manage-categories = Managing categories
time-just-now = just now
time-minutes = { $n } min
time-hours = { $n } h
time-days = { $n } d

home-title = Latest topics
categories-title = Categories
categories-none = No categories yet.
list-sort = Order
sort-latest = Latest
sort-new = New
sort-top = Top
period-day = day
period-week = week
period-month = month
period-year = year
period-all = all time
list-more = More topics
list-empty = No topics here yet.
marker-pinned = Pinned
marker-closed = Closed
marker-solved = Solved
marker-new = new
marker-unread = { $n ->
        [one] { $n } unread post
       *[other] { $n } unread posts
    }
stat-replies = { $count ->
        [one] reply
       *[other] replies
    }
stat-likes = { $count ->
        [one] like
       *[other] likes
    }
stat-topics = Topics
count-replies = { $count ->
        [one] { $count } reply
       *[other] { $count } replies
    }
count-likes = { $count ->
        [one] { $count } like
       *[other] { $count } likes
    }
count-topics = { $count ->
        [one] { $count } topic
       *[other] { $count } topics
    }
topic-new = New topic
topic-create = Create topic
topic-closed-note = This topic is closed: new replies are not accepted.
reply-title = Reply
reply-submit = Reply
reply-sign-in = Sign in to reply
field-body = Message
field-title = Title
field-category = Category
field-category-choose = Choose a category…
compose-preview = Preview
compose-markdown-hint = Markdown works: **bold**, _italic_, lists, `code`, links, tables. [[Guide title]] links to a guide, @name mentions a member.
post-edited = edited
post-deleted = This post was deleted.
post-like = Like
post-unlike = Unlike
post-bookmark = Bookmark
post-unbookmark = Remove bookmark
post-quote = Quote
post-solve = Mark as solution
post-unsolve = Unmark solution
post-edit = Edit
post-save = Save
post-delete = Delete
solution-title = Solution
pager-label = Pages
history-title = Edit history
history-revision = Version { $n }
admin-categories = Categories
admin-new-category = New category
admin-create = Create category
admin-edit = Edit
admin-save = Save
admin-move-up = Move up
admin-move-down = Move down
field-name = Name
field-slug = Address (slug)
field-description = Description
field-color = Colour
field-parent = Parent category
flash-posted = Posted.
flash-saved = Saved.
flash-deleted = Deleted.
flash-category-saved = Category saved.
err-title-length = The title must be { $min } to { $max ->
        [one] { $max } character
       *[other] { $max } characters
    } long.
err-body-empty = Please write something.
err-body-long = The message is too long: at most { $max ->
        [one] { $max } character
       *[other] { $max } characters
    }.
err-category-unknown = Please choose one of the categories.
err-topic-closed = This topic is closed; your reply was not posted. Your text is kept below.
err-category-name = The name must be 2 to 100 characters long.
err-category-slug = Use 2–64 lower-case Latin letters, digits and hyphens.
err-category-slug-taken = Another category already uses this address.
err-category-color = Use a colour like #1f5fa8.
err-category-description = The description is too long (at most 1000 characters).
err-category-parent = Choose a top-level category (one level of subcategories only).
profile-bookmarks = Bookmarks
profile-no-bookmarks = No bookmarks yet.

wiki-tabs = Page tools
wiki-read = Read
wiki-edit = Edit
wiki-history = History
wiki-links-here = What links here
wiki-index-title = Guides
wiki-count = { $n ->
        [one] { $n } guide
       *[other] { $n } guides
    }
wiki-empty = No guides yet.
wiki-new = New guide
wiki-new-go = Continue
wiki-newest = Recently updated
wiki-changes = Recent changes
wiki-no-changes = No changes yet.
wiki-redirected-from = (redirected from { $title })
wiki-old-revision = This is an old version of this guide (revision { $n }, { $at }). It may differ a lot from the current one.
wiki-see-current = See the current version.
wiki-protected-note = This guide is protected: only moderators can edit it.
wiki-toc = Contents
wiki-last-edited = Last edited by { $user }, { $at }.
wiki-sign-in-to-edit = Sign in to edit this guide
wiki-move = Rename this guide
wiki-protect = Protect
wiki-unprotect = Remove protection
wiki-missing-text = There is no guide with this title yet.
wiki-create = Create this guide
wiki-create-title = Creating “{ $title }”
wiki-edit-title = Editing “{ $title }”
wiki-save = Save
wiki-conflict-title = Someone changed this guide while you were editing
wiki-conflict-text = Their changes touch the same lines as yours, so nothing was saved. Your text is still in the editor below. Compare it with the current version, combine the two, and save again.
wiki-conflict-diff = From the current version to your text
wiki-conflict-theirs = Show the current version in full
wiki-history-title = History of “{ $title }”
history-cur = cur
history-prev = prev
history-revert = revert to this
history-undo = undo
history-older = Older versions
history-minor-abbr = m
wiki-diff-title = Changes to “{ $title }”
diff-revision = Revision { $n }
diff-none = The two versions are identical.
wiki-links-title = Pages that link to “{ $title }”
wiki-links-none = No page links here yet.
wiki-move-title = Rename “{ $title }”
wiki-move-hint = The old title will keep working: it becomes a redirect to the new one.
wiki-move-submit = Rename
field-summary = Summary of your changes
field-minor = This is a minor edit
field-new-title = New title
field-reason = Reason
err-title-empty = Please give a title.
err-title-punctuation = A title needs at least one letter or digit.
err-title-too-long = A title may be at most 200 characters long.
err-title-forbidden = A title may not contain the character “{ $char }”.
err-title-invisible = The title contains an invisible or control character.
err-title-url = A title may not start like a web address (http:, javascript: …).
err-title-encoding = The title in the address is not valid text.
err-title-same = That is the current title.
err-title-taken = A guide with that title already exists.
err-summary-long = The summary may be at most { $max ->
        [one] { $max } character
       *[other] { $max } characters
    } long.
err-diff-param = “{ $which }” must be a revision number.
err-no-revision = This guide has no revision { $id }.
err-try-again = Someone saved at the same moment; please try again.
err-undo-conflict = This edit cannot be undone automatically: later edits changed the same lines. Edit the guide by hand instead.
flash-wiki-saved = The guide has been saved.
flash-wiki-merged = Saved. Someone else edited this guide meanwhile; your changes were merged with theirs.
flash-wiki-unchanged = Nothing changed, so nothing was saved.
flash-wiki-reverted = The guide has been reverted.
flash-wiki-undone = The edit has been undone.
flash-wiki-moved = The guide has been renamed; the old title now redirects here.
flash-wiki-protected = The guide is now protected.
flash-wiki-unprotected = The guide is no longer protected.
summary-reverted = Reverted to revision { $n }
summary-undid = Undid revision { $n }
summary-moved = Renamed “{ $from }” to “{ $to }”
wiki-propose-note = You can still help: your edit goes to the review queue, and a qualified editor publishes it under your name.
wiki-submit-review = Submit for review
review-title = Proposed edits
review-empty = No proposals are waiting.
proposal-title = Proposed edit of “{ $title }”
proposal-conflict = does not merge cleanly
proposal-approve = Approve and publish
proposal-open = Open
proposal-by-reviewer = by { $user }
proposal-reason = Reason
proposal-see-guide = See the guide
proposal-not-clean = The guide changed since this proposal was written, and the two touch the same lines. Edit the text below before approving.
proposal-changes = Changes against the current guide
proposal-review = Review
proposal-edit-before = Edit before approving
proposal-edit-hint = Leave empty to publish the proposal as it is (merged with later changes).
proposal-reject-reason = Reason for rejecting
proposal-reject = Reject
proposal-withdraw = Withdraw my proposal
proposal-status-pending = Waiting for review
proposal-status-approved = Approved
proposal-status-rejected = Rejected
proposal-status-withdrawn = Withdrawn
flash-proposal-sent = Your edit was sent for review.
flash-proposal-withdrawn = Your proposal was withdrawn.
flash-proposal-approved = The proposal was approved and published.
flash-proposal-rejected = The proposal was rejected.
err-too-many-proposals = You already have { $max ->
        [one] { $max } proposal
       *[other] { $max } proposals
    } waiting for review. Wait for them to be reviewed, or withdraw one.
profile-proposals = My proposed edits
staff-standing = Certificate and BL (staff)
staff-role = Role (admins)
staff-bl-manual = Use this BL
staff-bl-community = Follow the community formula
standing-who = By
standing-source-cli = command line
standing-source-staff = staff
standing-source-sync = identity service
standing-source-community = community formula
standing-field-bl-source = BL source
bl-source-community = from community activity
bl-source-registrar = set by a registrar
bl-source-sync = from the identity service
flash-standing-saved = Saved.
err-role-unknown = There is no such role.
discussions-title = Discussions
discussions-none = No topic cites this guide yet.
discussions-all = All discussions
discuss-this-guide = Discuss this guide
wiki-discussions-title = Discussions of “{ $title }”
links-guides = Guides
links-topics = Forum topics
related-guides = Related guides
guide-became = This answer became the guide
turn-into-guide = Turn into a guide
guide-from-topic-solution = Solution
guide-from-topic-source = From the forum discussion
guide-from-topic-authors = Question and answer by
guide-from-topic-summary = Guide made from the solved topic “{ $title }”
err-guide-needs-solution = Only a solved topic can become a guide.
suggest-guides = Guides that may answer this
suggest-topics = Solved topics like this
nav-mod = Moderation
deny-silenced = You are silenced, so you cannot post or edit now. Your profile says why and until when.
post-hidden = This post is hidden.
mod-reason-shown = Reason
mod-topic-tools = Topic tools
mod-action = Action
mod-close = Close
mod-reopen = Reopen
mod-pin = Pin in its category
mod-pin-global = Pin everywhere
mod-unpin = Unpin
mod-move = Move to the category
mod-hide = Hide
mod-unhide = Unhide
mod-delete = Delete
mod-restore = Restore
mod-apply = Apply
mod-queue = Moderation queue
mod-queue-empty = Nothing is waiting for review.
mod-log = Staff log
mod-agree = Agree and hide
mod-disagree = Disagree and clear
mod-silence-days = …and silence the author for days:
log-moderator = Moderator
log-member = Member
log-action = Action
log-filter = Filter
log-empty = Nothing logged.
flag-post = Flag
flag-spam = Spam
flag-scam = Scam or fraud
flag-off-topic = Off-topic
flag-abusive = Abusive
flag-other = Something else
flag-text = What is wrong? (needed for “something else”)
flag-submit = Send flag
flag-yours = You flagged this post: { $status }
flash-flagged = Thank you: moderators will look at this post.
flash-mod-done = Done. The staff log has it.
err-flag-reason = Choose why you flag this post.
err-flag-text = Please say what is wrong.
err-flag-twice = You have already flagged this post.
err-days = Days must be a number.
sanctions-title = Sanctions
sanction-panel = Sanction this member
sanction-days = Days (empty: until lifted)
sanction-lift = Lift
sanction-until = until { $until }
sanction-until-lifted = until lifted
sanction-kind-silence = Silenced (cannot post)
sanction-kind-suspend = Suspended (cannot sign in)
sanction-kind-ban = Banned
sanction-suspended = Your account is suspended until { $until }. Reason: { $reason }
sanction-banned = Your account is banned. Reason: { $reason }
flag-status-pending = waiting for a moderator
flag-status-agreed = a moderator agreed
flag-status-disagreed = a moderator disagreed
err-too-many-links = New members may put at most { $max ->
        [one] { $max } link
       *[other] { $max } links
    } in a post. Remove some links, or wait a day.
mod-merge = Merge into another topic
mod-merge-into = Target topic (its address or number)
mod-split = Split replies into a new topic
mod-split-posts = Post numbers to move
err-merge-target = Give the target topic's address or number.
err-split-posts = List post numbers like 3, 4, 7.
staff-mod-categories = Moderates only these categories (slugs, comma-separated; empty: all)
staff-mod-categories-example = deposits, security
mod-registrations = Sign-ups waiting for approval
mod-held = waiting for approval
mod-approve = Approve
mod-reject = Reject
login-awaiting-approval = Your account is waiting for a moderator's approval. Please try again later.
