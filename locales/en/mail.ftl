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
