# Mail: the admin queue, the footer and the messages themselves.
action-view-mail-queue = Seeing the mail queue
mail-queue-title = Mail waiting or failed
mail-queue-kind = Kind
mail-queue-to = To
mail-queue-subject = Subject
mail-queue-status = Status
mail-queue-attempts = Attempts
mail-queue-error = Last error
mail-queue-empty = All mail has been sent.
mail-status-queued = waiting
mail-status-sending = sending
mail-status-sent = sent
mail-status-failed = failed
mail-footer = This message was sent by { $site }.
mail-kind-test = Test message
mail-kind-test-subject = Test message from { $site }
mail-kind-test-body = If you can read this, mail from { $site } reaches you.

# Password reset.
reset-forgot-link = Forgot your password?
reset-title = Reset your password
reset-explain = Enter your username or e-mail address. If an account matches, we will send a link to its address to choose a new password.
reset-submit = Send the link
reset-sent = If an account matches what you entered, a link to choose a new password is on its way to its e-mail address. The link works once, for one hour.
reset-new-title = Choose a new password
reset-new-submit = Save the new password
reset-link-invalid = This link has been used already, has expired or is not complete. Ask for a new one.
reset-again = Ask for a new link
reset-done = Your password has been changed and every session has been signed out. Sign in with the new password.
mail-reset = Password reset
mail-reset-subject = Reset your password on { $site }
mail-reset-body = Hello { $name }, someone (we hope you) asked to reset the password of your account on { $site }. The link below works once, for one hour.
mail-reset-note = If it was not you, ignore this message: your password stays as it is.
mail-reset-action = Choose a new password
