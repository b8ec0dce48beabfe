# Відмови, системні примітки й журнал персоналу, як їх повідомляє домен.

action-sanction = Накладання обмежень на учасників
deny-silenced-until = Вам заборонено писати до { $until }, тож зараз ви не можете публікувати чи редагувати. У профілі вказано причину.
deny-topic-closed = Тему закрито: відповідати тепер можуть лише модератори.
deny-protected = Інструкцію захищено: її редагують лише модератори. Ви можете переглянути її текст або запропонувати зміни в обговоренні.
deny-out-of-scope = Ви модеруєте інші категорії, не цю.
deny-own-account = { $action } неможливе щодо власного облікового запису.
deny-higher-rank = { $action } можливе лише щодо учасників нижчого рангу, ніж ваш.
deny-certificate-above-own = Ви можете надавати лише рівні атестата, нижчі за ваш.

err-already-exists = Таке вже існує.
err-link-damaged = Це посилання на сторінку пошкоджене.
err-period-unknown = Невідомий період: оберіть день, тиждень, місяць, рік або весь час.
err-sort-unknown = Невідомий порядок: оберіть останні, нові або найкращі.
err-like-own = Не можна вподобати власний допис.
err-solution-reply-only = Рішенням може бути лише відповідь.
err-too-long = Щонайбільше { $max ->
        [one] { $max } символ
        [few] { $max } символи
        [many] { $max } символів
       *[other] { $max } символів
    }, будь ласка.
err-merge-self = Тему не можна об’єднати саму з собою.
err-not-held = Цей допис не чекає на схвалення.
err-flag-own = Ви не можете поскаржитися на цей допис.
err-unknown-action = Невідома дія.
err-wiki-busy = Цю інструкцію зараз редагує багато людей; збережіть ще раз.
err-undo-first = Першу версію інструкції не можна скасувати; скористайтеся поверненням.
err-proposal-decided = Щодо цієї пропозиції вже ухвалено рішення.
err-proposal-conflict = Ця пропозиція більше не поєднується з інструкцією без конфліктів; відредагуйте її перед схваленням.
err-form-damaged = Форму пошкоджено; відкрийте її ще раз.
error-other-title = Помилка

mod-reason-code-held = Чекає на схвалення модератора.
mod-reason-code-flags = Спільнота поскаржилася; чекає на модератора.
mod-reason-code-moderator = Приховано модератором.
mod-reason-code-not-approved = Модератор не схвалив.

quote-wrote = пише
guide-default-title = Інструкція

feed-latest-title = { $site }: останні теми
feed-category-title = { $category } · { $site }
feed-changes-title = { $site }: зміни інструкцій

summary-approved = Пропозицію схвалив { $by }

log-topic-close = закрив тему
log-topic-reopen = знову відкрив тему
log-topic-pin = закріпив тему
log-topic-pin-global = закріпив тему для всього сайту
log-topic-unpin = відкріпив тему
log-topic-move = переніс тему з { $from } до { $to }
log-topic-merge = об’єднав тему { $from } з темою { $into }
log-topic-split = виділив дописи { $posts } теми { $from } у тему { $into }
log-post-hide = приховав допис
log-post-unhide = знову показав прихований допис
log-post-delete = видалив допис
log-post-restore = відновив допис
log-post-approve = схвалив допис
log-post-hide-by-flags = допис приховано через скарги спільноти
log-flags-agree = погодився зі скаргами
log-flags-disagree = не погодився зі скаргами
log-user-silence = заборонив учасникові писати{ $until ->
    [none] {""}
   *[other] {" "}до { $until }
}
log-user-suspend = призупинив обліковий запис{ $until ->
    [none] {""}
   *[other] {" "}до { $until }
}
log-user-ban = заблокував учасника
log-user-unsilence = зняв заборону писати
log-user-unsuspend = зняв призупинення
log-user-unban = зняв блокування
log-user-approve = схвалив реєстрацію
log-user-reject = відхилив реєстрацію
log-standing-certificate = атестат { $from } → { $to } ({ $source })
log-standing-bl = BL { $from } → { $to } ({ $source })
log-standing-bl-source = джерело BL { $from } → { $to } ({ $source })
log-standing-role = роль { $from } → { $to } ({ $source })
log-standing-moderator-scope = категорії модерування «{ $from }» → «{ $to }»
log-guide-protect = захистив інструкцію { $title }
log-guide-unprotect = зняв захист з інструкції { $title }

topic-deleted-note = Цю тему видалено: її бачить лише персонал. Відновіть перший допис, щоб повернути тему.
topic-hidden-note = Тему приховано, поки модератор перевіряє її перший допис; доти вона не приймає відповідей.
