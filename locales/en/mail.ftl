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

# Address verification.
register-check-mail = Check your mail to finish: we sent a link to the address you gave. You can sign in and read meanwhile; posting needs the address verified.
settings-email-check-mail = Check your mail: we sent a link to the new address. Your address changes when you open it.
verify-banner = Your e-mail address is not verified yet: you can read, but not post, reply, like or edit until you open the link we sent you.
verify-resend = Send the link again
verify-resent = A new link is on its way to your address.
verify-title = Verify your e-mail address
verify-explain = Press the button to confirm that this address is yours.
verify-submit = Verify my address
verify-link-invalid = This link has been used already, has expired or is not complete. Sign in and ask for a new one from the banner at the top.
verify-done = Thank you: your e-mail address is verified.
deny-email-unverified = Posting needs a verified e-mail address. Open the link we mailed you, or ask for a new one from the banner at the top.
mail-verify = Address verification
mail-verify-subject = Verify your e-mail address on { $site }
mail-verify-body = Hello { $name }, open the link below to verify this address for your account on { $site }. It works once, for 24 hours.
mail-verify-note = If you did not ask for this, ignore this message.
mail-verify-action = Verify my address
mail-taken = Someone tried your address
mail-taken-subject = Someone tried to use your address on { $site }
mail-taken-body = Hello { $name }, someone just tried to sign up on { $site } (or to move an account) with this e-mail address, which already belongs to your account. Nothing was changed.
mail-taken-note = If it was you, sign in instead; if you forgot your password, you can choose a new one.
mail-taken-action = Choose a new password
