language-name = Українська

nav-skip = Перейти до змісту
nav-label = Головне меню
nav-forum = Форум
nav-wiki = Довідник
nav-settings = Налаштування
nav-sign-out = Вийти
nav-sign-in = Увійти
nav-register = Зареєструватися
footer-language = Мова
footer-language-apply = Застосувати
home-tagline = Запитайте спільноту, знайдіть інструкцію, збережіть свої гроші.
feed-atom = Стрічка Atom

error-back-home = На головну
error-sign-in = Щоб зробити це, увійдіть.
error-csrf = Ця форма застаріла або надіслана не з цього сайту. Поверніться, оновіть сторінку й спробуйте ще раз; нічого не змінено.
error-rate-limited = Забагато спроб. Зачекайте { $seconds ->
        [one] { $seconds } секунду
        [few] { $seconds } секунди
        [many] { $seconds } секунд
       *[other] { $seconds } секунд
    } і спробуйте ще раз.
error-unknown-language = Ця мова недоступна.
error-other-text = З цим запитом щось пішло не так.
error-400-title = Некоректний запит
error-400-text = Запит не вдалося зрозуміти.
error-401-title = Потрібно увійти
error-401-text = Щоб зробити це, увійдіть.
error-403-title = Заборонено
error-403-text = Вам не дозволено це робити.
error-404-title = Сторінку не знайдено
error-404-text = За цією адресою нічого немає. Можливо, сторінку перенесли або її ніколи не було.
error-405-title = Тут так не можна
error-405-text = Ця адреса не приймає такого запиту.
error-408-title = Надто довго
error-408-text = Запит тривав надто довго. Спробуйте ще раз.
error-409-title = Конфлікт
error-409-text = Хтось змінив це одночасно з вами. Спробуйте ще раз.
error-413-title = Завеликий запит
error-413-text = Надіслане більше, ніж приймає цей сайт.
error-422-title = Перевірте форму
error-422-text = Дещо з уведеного треба виправити.
error-429-title = Не так швидко
error-429-text = Забагато запитів. Трохи зачекайте й спробуйте ще раз.
error-500-title = Щось зламалося
error-500-text = Через помилку на нашому боці запит не виконано. Ми її записали; спробуйте пізніше.
error-503-title = Недоступно
error-503-text = Сайт тимчасово недоступний. Спробуйте трохи згодом.

field-username = Ім'я користувача
field-email = Електронна пошта
field-password = Пароль
field-current-password = Поточний пароль
field-new-password = Новий пароль
field-confirm-password = Новий пароль ще раз
field-new-email = Нова адреса пошти

login-title = Вхід
login-field-login = Ім'я користувача або пошта
login-submit = Увійти
login-no-account = Вперше тут?
login-failed = Ім'я або пошта й пароль не відповідають жодному обліковому запису.

register-title = Реєстрація
register-closed = Зараз на цьому сайті не можна створити новий обліковий запис.
register-username-hint = 3–32 символи: літери (зокрема кирилиця), цифри та _ . -
register-password-hint = Щонайменше 10 символів. Фразу з кількох слів легко запам'ятати й важко вгадати.
register-submit = Зареєструватися
register-done = Якщо дані прийнято, обліковий запис готовий: увійдіть зі своїм ім'ям і паролем.

profile-joined = З нами від
profile-role = Роль
profile-certificate = Атестат
profile-bl = Бізнес-рівень
bl-badge = BL { $bl }
profile-standing-history = Зміни атестата й BL
profile-no-history = Змін ще не було.
standing-when = Коли
standing-what = Що
standing-change = Зміна
standing-reason = Причина
standing-field-certificate = Атестат
standing-field-bl = BL
standing-field-role = Роль

settings-title = Налаштування
settings-password = Зміна пароля
settings-password-hint = Після зміни пароля всі інші сеанси буде завершено.
settings-password-submit = Змінити пароль
settings-password-saved = Пароль змінено. Інші сеанси завершено.
settings-email = Адреса пошти
settings-email-current = Поточна адреса:
settings-email-submit = Змінити пошту
settings-email-saved = Адресу пошти змінено.
settings-language = Мова

err-password-short = Пароль має містити щонайменше { $min ->
        [one] { $min } символ
        [few] { $min } символи
        [many] { $min } символів
       *[other] { $min } символів
    }.
err-password-long = Пароль може містити щонайбільше { $max ->
        [one] { $max } символ
        [few] { $max } символи
        [many] { $max } символів
       *[other] { $max } символів
    }.
err-password-common = Цей пароль надто легко вгадати. Оберіть інший.
err-password-mismatch = Нові паролі не збігаються.
err-current-password = Поточний пароль неправильний.
err-username-length = Ім'я має містити від { $min } до { $max ->
        [one] { $max } символу
        [few] { $max } символів
        [many] { $max } символів
       *[other] { $max } символів
    }.
err-username-chars = Ім'я може містити лише літери, цифри та _ . -
err-username-taken = Це ім'я вже зайняте. Оберіть інше.
err-email-invalid = Це не схоже на адресу електронної пошти.
err-email-unavailable = Цю адресу використати не можна.
err-reason-required = Вкажіть причину.
err-certificate-unknown = Такого рівня атестата немає.
err-bl-range = BL має бути від 0 до 10000.

role-member = учасник
role-moderator = модератор
role-admin = адміністратор
role-registrar = реєстратор

cert-alias = Псевдонім
cert-formal = Формальний
cert-initial = Початковий
cert-personal = Персональний
cert-merchant = Продавця
cert-capitaller = Капіталера
cert-cashier = Касира
cert-developer = Розробника
cert-registrar = Реєстратора
cert-guarantor = Гаранта
cert-service = Сервісний
cert-operator = Оператора

action-create-article = Створення інструкцій
action-edit-article = Редагування інструкцій
action-rename-article = Перейменування інструкцій
action-revert-article = Відкочування інструкцій
action-review-proposals = Перевірка запропонованих змін
action-edit-protected-article = Редагування захищеної інструкції
action-protect-article = Захист інструкцій
action-moderate = Модерація
action-manage-standing = Зміна атестатів і BL
action-manage-roles = Зміна ролей
action-view-staff-log = Перегляд журналу персоналу

deny-sign-in = { $action }: потрібно увійти.
deny-below-bar = { $action }: потрібен атестат «{ $certificate }» або вищий і BL понад { $bl }. У вас «{ $have-certificate }», BL { $have-bl }.
deny-role = { $action }: лише для ролей { $roles }.
action-post = Публікація дописів
action-reply-closed = Відповідь у закритій темі
action-edit-post = Редагування цього допису
action-delete-post = Видалення цього допису
action-see-deleted = Перегляд видалених дописів
action-mark-solution = Позначення рішення
action-manage-categories = Керування категоріями
time-just-now = щойно
time-minutes = { $n } хв
time-hours = { $n } год
time-days = { $n } дн

home-title = Останні теми
categories-title = Категорії
categories-none = Категорій ще немає.
list-sort = Порядок
sort-latest = Останні
sort-new = Нові
sort-top = Найкращі
period-day = день
period-week = тиждень
period-month = місяць
period-year = рік
period-all = весь час
list-more = Ще теми
list-empty = Тут ще немає тем.
marker-pinned = Закріплено
marker-closed = Закрито
marker-solved = Вирішено
marker-new = нова
marker-unread = { $n ->
        [one] { $n } непрочитаний допис
        [few] { $n } непрочитані дописи
        [many] { $n } непрочитаних дописів
       *[other] { $n } непрочитаних дописів
    }
stat-replies = { $count ->
        [one] відповідь
        [few] відповіді
        [many] відповідей
       *[other] відповідей
    }
stat-likes = { $count ->
        [one] вподобання
        [few] вподобання
        [many] вподобань
       *[other] вподобань
    }
stat-topics = Теми
count-replies = { $count ->
        [one] { $count } відповідь
        [few] { $count } відповіді
        [many] { $count } відповідей
       *[other] { $count } відповідей
    }
count-likes = { $count ->
        [one] { $count } вподобання
        [few] { $count } вподобання
        [many] { $count } вподобань
       *[other] { $count } вподобань
    }
count-topics = { $count ->
        [one] { $count } тема
        [few] { $count } теми
        [many] { $count } тем
       *[other] { $count } тем
    }
topic-new = Нова тема
topic-create = Створити тему
topic-closed-note = Тему закрито: нові відповіді не приймаються.
reply-title = Відповідь
reply-submit = Відповісти
reply-sign-in = Увійдіть, щоб відповісти
field-body = Повідомлення
field-title = Заголовок
field-category = Категорія
field-category-choose = Оберіть категорію…
compose-preview = Попередній перегляд
compose-markdown-hint = Працює Markdown: **жирний**, _курсив_, списки, `код`, посилання, таблиці. [[Назва інструкції]] — посилання на інструкцію, @ім'я — згадка учасника.
post-edited = змінено
post-deleted = Цей допис видалено.
post-like = Подобається
post-unlike = Скасувати вподобання
post-bookmark = У закладки
post-unbookmark = Прибрати із закладок
post-quote = Цитувати
post-solve = Позначити як рішення
post-unsolve = Зняти позначку рішення
post-edit = Редагувати
post-save = Зберегти
post-delete = Видалити
solution-title = Рішення
pager-label = Сторінки
history-title = Історія змін
history-revision = Версія { $n }
admin-categories = Категорії
admin-new-category = Нова категорія
admin-create = Створити категорію
admin-edit = Змінити
admin-save = Зберегти
admin-move-up = Вище
admin-move-down = Нижче
field-name = Назва
field-slug = Адреса (slug)
field-description = Опис
field-color = Колір
field-parent = Батьківська категорія
flash-posted = Опубліковано.
flash-saved = Збережено.
flash-deleted = Видалено.
flash-category-saved = Категорію збережено.
err-title-length = Заголовок має містити від { $min } до { $max ->
        [one] { $max } символу
        [few] { $max } символів
        [many] { $max } символів
       *[other] { $max } символів
    }.
err-body-empty = Напишіть щось.
err-body-long = Повідомлення задовге: щонайбільше { $max ->
        [one] { $max } символ
        [few] { $max } символи
        [many] { $max } символів
       *[other] { $max } символів
    }.
err-category-unknown = Оберіть одну з категорій.
err-topic-closed = Тему закрито; вашу відповідь не опубліковано. Ваш текст збережено нижче.
err-category-name = Назва має містити від 2 до 100 символів.
err-category-slug = Використовуйте 2–64 малі латинські літери, цифри й дефіси.
err-category-slug-taken = Цю адресу вже використовує інша категорія.
err-category-color = Вкажіть колір у вигляді #1f5fa8.
err-category-description = Опис задовгий (не більше 1000 символів).
err-category-parent = Оберіть категорію верхнього рівня (дозволено лише один рівень підкатегорій).
profile-bookmarks = Закладки
profile-no-bookmarks = Закладок ще немає.

wiki-tabs = Інструменти сторінки
wiki-read = Читати
wiki-edit = Редагувати
wiki-history = Історія
wiki-links-here = Посилання сюди
wiki-index-title = Інструкції
wiki-count = { $n ->
        [one] { $n } інструкція
        [few] { $n } інструкції
        [many] { $n } інструкцій
       *[other] { $n } інструкцій
    }
wiki-empty = Інструкцій ще немає.
wiki-new = Нова інструкція
wiki-new-go = Далі
wiki-newest = Нещодавно оновлені
wiki-changes = Нещодавні зміни
wiki-no-changes = Змін ще немає.
wiki-redirected-from = (перенаправлено з «{ $title }»)
wiki-old-revision = Це стара версія інструкції (ревізія { $n }, { $at }). Вона може суттєво відрізнятися від поточної.
wiki-see-current = Переглянути поточну версію.
wiki-protected-note = Інструкцію захищено: редагувати її можуть лише модератори.
wiki-toc = Зміст
wiki-last-edited = Востаннє редагував(ла) { $user }, { $at }.
wiki-sign-in-to-edit = Увійдіть, щоб редагувати інструкцію
wiki-move = Перейменувати інструкцію
wiki-protect = Захистити
wiki-unprotect = Зняти захист
wiki-missing-text = Інструкції з такою назвою ще немає.
wiki-create = Створити інструкцію
wiki-create-title = Створення «{ $title }»
wiki-edit-title = Редагування «{ $title }»
wiki-save = Зберегти
wiki-conflict-title = Поки ви редагували, хтось змінив цю інструкцію
wiki-conflict-text = Їхні зміни зачіпають ті самі рядки, що й ваші, тож нічого не збережено. Ваш текст — у редакторі нижче. Порівняйте його з поточною версією, об'єднайте й збережіть ще раз.
wiki-conflict-diff = Від поточної версії до вашого тексту
wiki-conflict-theirs = Показати поточну версію повністю
wiki-history-title = Історія «{ $title }»
history-cur = поточна
history-prev = попередня
history-revert = повернути цю
history-undo = скасувати
history-older = Старіші версії
history-minor-abbr = м
wiki-diff-title = Зміни в «{ $title }»
diff-revision = Ревізія { $n }
diff-none = Ці дві версії однакові.
wiki-links-title = Сторінки, що посилаються на «{ $title }»
wiki-links-none = Сюди ще ніщо не посилається.
wiki-move-title = Перейменування «{ $title }»
wiki-move-hint = Стара назва й далі працюватиме: вона стане перенаправленням на нову.
wiki-move-submit = Перейменувати
field-summary = Короткий опис змін
field-minor = Це незначна зміна
field-new-title = Нова назва
field-reason = Причина
err-title-empty = Вкажіть назву.
err-title-punctuation = Назва має містити хоча б одну літеру або цифру.
err-title-too-long = Назва може містити не більше 200 символів.
err-title-forbidden = Назва не може містити символ «{ $char }».
err-title-invisible = Назва містить невидимий або керівний символ.
err-title-url = Назва не може починатися як вебадреса (http:, javascript: …).
err-title-encoding = Назва в адресі не є коректним текстом.
err-title-same = Це поточна назва.
err-title-taken = Інструкція з такою назвою вже існує.
err-summary-long = Опис змін може містити щонайбільше { $max ->
        [one] { $max } символ
        [few] { $max } символи
        [many] { $max } символів
       *[other] { $max } символів
    }.
err-diff-param = «{ $which }» має бути номером ревізії.
err-no-revision = У цієї інструкції немає ревізії { $id }.
err-try-again = Хтось зберіг у ту саму мить; спробуйте ще раз.
err-undo-conflict = Цю зміну не можна скасувати автоматично: пізніші зміни зачепили ті самі рядки. Відредагуйте інструкцію вручну.
flash-wiki-saved = Інструкцію збережено.
flash-wiki-merged = Збережено. Тим часом інструкцію редагував хтось інший; ваші зміни об'єднано з їхніми.
flash-wiki-unchanged = Нічого не змінилося, тож нічого не збережено.
flash-wiki-reverted = Інструкцію повернуто до попередньої версії.
flash-wiki-undone = Зміну скасовано.
flash-wiki-moved = Інструкцію перейменовано; стара назва тепер перенаправляє сюди.
flash-wiki-protected = Інструкцію захищено.
flash-wiki-unprotected = Захист з інструкції знято.
summary-reverted = Повернуто до ревізії { $n }
summary-undid = Скасовано ревізію { $n }
summary-moved = Перейменовано «{ $from }» на «{ $to }»
wiki-propose-note = Ви все одно можете допомогти: ваша зміна потрапить до черги перевірки, і кваліфікований редактор опублікує її під вашим ім'ям.
wiki-submit-review = Надіслати на перевірку
review-title = Запропоновані зміни
review-empty = Пропозицій на перевірку немає.
proposal-title = Запропонована зміна «{ $title }»
proposal-conflict = не об'єднується автоматично
proposal-approve = Схвалити й опублікувати
proposal-open = Відкрити
proposal-by-reviewer = перевірив(ла) { $user }
proposal-reason = Причина
proposal-see-guide = Переглянути інструкцію
proposal-not-clean = Інструкція змінилася після написання цієї пропозиції, і зміни зачіпають ті самі рядки. Відредагуйте текст нижче перед схваленням.
proposal-changes = Зміни відносно поточної інструкції
proposal-review = Перевірка
proposal-edit-before = Відредагувати перед схваленням
proposal-edit-hint = Залиште порожнім, щоб опублікувати пропозицію як є (об'єднану з пізнішими змінами).
proposal-reject-reason = Причина відхилення
proposal-reject = Відхилити
proposal-withdraw = Відкликати мою пропозицію
proposal-status-pending = Очікує перевірки
proposal-status-approved = Схвалено
proposal-status-rejected = Відхилено
proposal-status-withdrawn = Відкликано
flash-proposal-sent = Вашу зміну надіслано на перевірку.
flash-proposal-withdrawn = Вашу пропозицію відкликано.
flash-proposal-approved = Пропозицію схвалено й опубліковано.
flash-proposal-rejected = Пропозицію відхилено.
err-too-many-proposals = У вас уже { $max ->
        [one] { $max } пропозиція
        [few] { $max } пропозиції
        [many] { $max } пропозицій
       *[other] { $max } пропозицій
    } на перевірці. Дочекайтеся перевірки або відкличте одну з них.
profile-proposals = Мої запропоновані зміни
staff-standing = Атестат і BL (персонал)
staff-role = Роль (адміністратори)
staff-bl-manual = Встановити цей BL
staff-bl-community = Рахувати за формулою спільноти
standing-who = Ким
standing-source-cli = командний рядок
standing-source-staff = персонал
standing-source-sync = служба ідентифікації
standing-source-community = формула спільноти
standing-field-bl-source = Джерело BL
bl-source-community = за активністю в спільноті
bl-source-registrar = встановлено реєстратором
bl-source-sync = від служби ідентифікації
flash-standing-saved = Збережено.
err-role-unknown = Такої ролі немає.
discussions-title = Обговорення
discussions-none = Жодна тема ще не посилається на цю інструкцію.
discussions-all = Усі обговорення
discuss-this-guide = Обговорити інструкцію
wiki-discussions-title = Обговорення «{ $title }»
links-guides = Інструкції
links-topics = Теми форуму
related-guides = Пов'язані інструкції
guide-became = Ця відповідь стала інструкцією
turn-into-guide = Перетворити на інструкцію
guide-from-topic-solution = Рішення
guide-from-topic-source = З обговорення на форумі
guide-from-topic-authors = Питання й відповідь:
guide-from-topic-summary = Інструкцію створено з вирішеної теми «{ $title }»
err-guide-needs-solution = Перетворити на інструкцію можна лише вирішену тему.
suggest-guides = Інструкції, що можуть відповісти
suggest-topics = Схожі вирішені теми
nav-mod = Модерація
deny-silenced = Вам заборонено писати, тож зараз ви не можете публікувати чи редагувати. У профілі вказано причину й термін.
post-hidden = Цей допис приховано.
mod-reason-shown = Причина
mod-topic-tools = Інструменти теми
mod-action = Дія
mod-close = Закрити
mod-reopen = Відкрити знову
mod-pin = Закріпити в категорії
mod-pin-global = Закріпити всюди
mod-unpin = Відкріпити
mod-move = Перенести до категорії
mod-hide = Приховати
mod-unhide = Показати
mod-delete = Видалити
mod-restore = Відновити
mod-apply = Застосувати
mod-queue = Черга модерації
mod-queue-empty = Нічого не чекає на перевірку.
mod-log = Журнал персоналу
mod-agree = Погодитися й приховати
mod-disagree = Не погодитися й зняти
mod-silence-days = …і заборонити автору писати на днів:
log-moderator = Модератор
log-member = Учасник
log-action = Дія
log-filter = Фільтрувати
log-empty = Записів немає.
flag-post = Поскаржитися
flag-spam = Спам
flag-scam = Шахрайство
flag-off-topic = Не на тему
flag-abusive = Образи
flag-other = Інше
flag-text = Що не так? (обов'язково для «Інше»)
flag-submit = Надіслати скаргу
flag-yours = Ви поскаржилися на цей допис: { $status }
flash-flagged = Дякуємо: модератори перевірять цей допис.
flash-mod-done = Готово. Запис є в журналі персоналу.
err-flag-reason = Оберіть причину скарги.
err-flag-text = Опишіть, що не так.
err-flag-twice = Ви вже скаржилися на цей допис.
err-days = Кількість днів має бути числом.
sanctions-title = Обмеження
sanction-panel = Обмежити учасника
sanction-days = Днів (порожньо — до скасування)
sanction-lift = Скасувати
sanction-until = до { $until }
sanction-until-lifted = до скасування
sanction-kind-silence = Заборонено писати
sanction-kind-suspend = Призупинено (не може увійти)
sanction-kind-ban = Заблоковано
sanction-suspended = Ваш обліковий запис призупинено до { $until }. Причина: { $reason }
sanction-banned = Ваш обліковий запис заблоковано. Причина: { $reason }
flag-status-pending = чекає на модератора
flag-status-agreed = модератор погодився
flag-status-disagreed = модератор не погодився
err-too-many-links = Нові учасники можуть додати в допис щонайбільше { $max ->
        [one] { $max } посилання
        [few] { $max } посилання
        [many] { $max } посилань
       *[other] { $max } посилань
    }. Приберіть зайві або зачекайте день.
mod-merge = Об'єднати з іншою темою
mod-merge-into = Цільова тема (адреса або номер)
mod-split = Виділити відповіді в нову тему
mod-split-posts = Номери дописів для перенесення
err-merge-target = Вкажіть адресу або номер цільової теми.
err-split-posts = Перелічіть номери дописів, наприклад 3, 4, 7.
staff-mod-categories = Модерує лише ці категорії (slug через кому; порожньо — усі)
staff-mod-categories-example = deposits, security
mod-registrations = Реєстрації, що чекають схвалення
mod-held = чекає схвалення
mod-approve = Схвалити
mod-reject = Відхилити
login-awaiting-approval = Ваш обліковий запис чекає на схвалення модератора. Спробуйте пізніше.
