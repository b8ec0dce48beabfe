# Support desk

role-agent = support agent
role-arbitrator = arbitrator
action-work-desk = Working support requests
action-manage-desk = Managing the support desk

desk-nav = Support desk
desk-footer-support = Support
desk-footer-contacts = Contacts

desk-status-new = New
desk-status-pending = Waiting for support
desk-status-waiting = Waiting for you
desk-status-resolved = Resolved
desk-status-archived = Archived

desk-home-title = My support requests
desk-my-open = Open requests
desk-my-archive = Archive
desk-none-open = You have no open requests.
desk-none-archived = Nothing in the archive.
desk-anon-intro = Write to support from your account, or without one if you have lost access: we mail you a link to confirm, then a tracking number and key.

desk-new-title = Write to support
desk-new-intro = Choose the service that covers your question. Phone numbers and hours are on the contacts page.
desk-field-service = Service
desk-field-service-choose = Choose a service
desk-field-subject = Subject
desk-field-body = Your question
desk-field-answers = Where should answers go?
desk-answers-account = In my account
desk-answers-email-too = In my account and by e-mail
desk-field-email = Your e-mail address
desk-email-hint = We send a confirmation link to this address; your request is filed once you follow it.
desk-send = Send
desk-send-anyway = Send anyway
desk-suggest-title = These guides may already answer your question
desk-suggest-still = If none of them helps, send your request below.
desk-solved-it = This solved it

desk-sent-title = Check your mail
desk-sent-text = If the address is right, a confirmation link is on its way. Your request is filed when you follow it.

desk-confirm-title = Confirm your request
desk-confirm-text = Press the button to file your request with support.
desk-confirm-button = File my request
desk-filed-title = Your request is filed
desk-credentials-once = Keep the number and the key: the key is shown only now (we have also mailed it to you). You need both to follow your request.
desk-field-number = Tracking number
desk-field-key = Access key
desk-open-request = Open my request

desk-track-title = Follow a request
desk-track-open = Open
desk-err-track = The number or the key is wrong.

desk-request-number = Request { $n }
desk-from-support = Support
desk-from-you = You
desk-archived-note = This request is in the archive. If the problem is back, take it out of the archive to write again.
desk-unarchive = Take out of the archive
desk-reopen = The problem is not solved
desk-field-reply = Your reply
desk-send-reply = Send reply
desk-merged-note = This request was merged into request { $n }.

desk-flash-filed = Your request is filed.
desk-flash-sent = Sent.
desk-flash-reopened = The request is open again.
desk-flash-done = Done.
desk-flash-proposed = The answer is proposed as a guide change and waits for review.
desk-flash-guide-saved = The answer is saved to the guide.

desk-err-service = Choose one of the services.
desk-err-subject-short = Write a subject of at least 3 characters.
desk-err-archived = Take the request out of the archive first.
desk-err-merged = This request was merged into another one.
desk-err-not-closed = The request is still open.
desk-err-closed = The request is already resolved.
desk-err-assignee = This member does not answer this service.
desk-err-merge-target = Give the number of another request of the same requester in your services.
desk-err-guide-title = Give the guide a valid title.
desk-err-required = This is required.
desk-err-slug = Use lower-case latin letters, digits and hyphens (at most 32).
desk-err-slug-taken = Another service has this short name.
desk-err-role = Choose who answers the service.
desk-err-minutes = Give a number of minutes from 1 to 525600.
desk-err-number = Give a whole number.

desk-all-services = All my services
desk-open-statuses = Open (new and waiting)
desk-field-status = Status
desk-field-assigned = Assigned
desk-assigned-any = Anyone
desk-assigned-me = To me
desk-assigned-none = To nobody
desk-filter = Show
desk-col-number = No.
desk-col-assignee = Assigned to
desk-by-email = by e-mail
desk-queue-empty = Nothing waiting here.
desk-stats-title = Response times
desk-col-target = Target
desk-col-answered = Answered
desk-col-median-first = Median first response
desk-col-within = Within target
desk-col-median-resolution = Median resolution
desk-col-deflected = Solved by guides
desk-minutes = { $n ->
    [one] { $n } minute
   *[other] { $n } minutes
}
desk-percent = { $n }%
desk-none = —

desk-first-response = First response
desk-resolution = Resolution
desk-note = Internal note
desk-requester = Requester
desk-proposal-link = guide proposal
desk-to-guide = Turn this answer into a guide
desk-guide-title = Guide title
desk-guide-summary = Summary
desk-guide-summary-default = From support request { $n }
desk-canned = Canned answers
desk-canned-insert = Insert
desk-add-note = Add internal note
desk-assign-to = Assign to
desk-assign-me = me
desk-assign = Assign
desk-change-service = Move
desk-merge-into = Merge into request no.
desk-merge = Merge
desk-resolve = Resolve

desk-admin-title = Support desk settings
desk-services = Services
desk-open = open
desk-closed = closed
desk-service-new = New service
desk-service-slug = Short name (in addresses)
desk-service-name-en = Name in English
desk-service-name-uk = Name in Ukrainian
desk-service-name-ru = Name in Russian
desk-service-hint-en = Hint in English
desk-service-hint-uk = Hint in Ukrainian
desk-service-hint-ru = Hint in Russian
desk-service-role = Answered by
desk-service-target = Target first response, minutes
desk-service-position = Order
desk-service-open = Open for new requests
desk-canned-title = Title
desk-canned-body = Text
desk-canned-hint = Markdown; link guides with [[Guide title]].
desk-canned-add = Add
desk-save = Save
desk-delete = Delete
desk-edit = Edit
desk-contacts-title = Contacts
desk-contacts-source = Page text
desk-contacts-empty = The contacts page is not written yet.

# Mail (the kind names are shown in the mail queue)
desk-mail-confirm = Support: confirm a request
desk-mail-confirm-subject = Confirm your support request
desk-mail-confirm-body = Someone (we hope you) wrote to support from this address. Follow the link to file the request; if it was not you, ignore this message.
desk-mail-confirm-action = File my request
desk-mail-credentials = Support: tracking number and key
desk-mail-credentials-subject = Your support request { $number }: { $subject }
desk-mail-credentials-body = Your request { $number } is filed. Keep this message: you follow the request with its number { $number } and the access key { $key }.
desk-mail-credentials-action = Follow the request
desk-mail-reply = Support: an answer
desk-mail-reply-subject = Support answered your request { $number }: { $subject }
desk-mail-reply-body = { $body }
desk-mail-reply-action = Read and answer

log-desk-reply = answered support request { $request }
log-desk-note = added an internal note to support request { $request }
log-desk-assign = assigned support request { $request } to { $to }
log-desk-service-change = moved support request { $request } from { $from } to { $to }
log-desk-resolve = resolved support request { $request }
log-desk-merge = merged support request { $request } into { $into }
log-desk-guide = turned an answer in support request { $request } into the guide { $guide }
log-desk-service = changed the support service { $service } (answered by { $role })
log-desk-canned = saved the canned answer { $title }
log-desk-canned-delete = deleted the canned answer { $title }
log-site-contacts = changed the contacts page
