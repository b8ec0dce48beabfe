language-name = Русский

nav-skip = Перейти к содержимому
nav-label = Главное меню
nav-forum = Форум
nav-wiki = Справочник
nav-settings = Настройки
nav-sign-out = Выйти
nav-sign-in = Войти
nav-register = Зарегистрироваться
footer-language = Язык
footer-language-apply = Применить
home-tagline = Спросите сообщество, найдите инструкцию, сберегите свои деньги.
feed-atom = Лента Atom

error-back-home = На главную
error-sign-in = Чтобы сделать это, войдите.
error-csrf = Эта форма устарела или отправлена не с этого сайта. Вернитесь, обновите страницу и попробуйте ещё раз; ничего не изменено.
error-rate-limited = Слишком много попыток. Подождите { $seconds ->
        [one] { $seconds } секунду
        [few] { $seconds } секунды
        [many] { $seconds } секунд
       *[other] { $seconds } секунд
    } и попробуйте ещё раз.
error-unknown-language = Этот язык недоступен.
error-other-text = С этим запросом что-то пошло не так.
error-400-title = Некорректный запрос
error-400-text = Запрос не удалось понять.
error-401-title = Нужно войти
error-401-text = Чтобы сделать это, войдите.
error-403-title = Запрещено
error-403-text = Вам нельзя это делать.
error-404-title = Страница не найдена
error-404-text = По этому адресу ничего нет. Возможно, страницу перенесли или её никогда не было.
error-405-title = Здесь так нельзя
error-405-text = Этот адрес не принимает такой запрос.
error-408-title = Слишком долго
error-408-text = Запрос выполнялся слишком долго. Попробуйте ещё раз.
error-409-title = Конфликт
error-409-text = Кто-то изменил это одновременно с вами. Попробуйте ещё раз.
error-413-title = Слишком большой запрос
error-413-text = Отправленное больше, чем принимает этот сайт.
error-422-title = Проверьте форму
error-422-text = Кое-что из введённого нужно исправить.
error-429-title = Не так быстро
error-429-text = Слишком много запросов. Немного подождите и попробуйте ещё раз.
error-500-title = Что-то сломалось
error-500-text = Из-за ошибки на нашей стороне запрос не выполнен. Мы её записали; попробуйте позже.
error-503-title = Недоступно
error-503-text = Сайт временно недоступен. Попробуйте чуть позже.

field-username = Имя пользователя
field-email = Электронная почта
field-password = Пароль
field-current-password = Текущий пароль
field-new-password = Новый пароль
field-confirm-password = Новый пароль ещё раз
field-new-email = Новый адрес почты

login-title = Вход
login-field-login = Имя пользователя или почта
login-submit = Войти
login-no-account = Впервые здесь?
login-failed = Имя или почта и пароль не подходят ни к одной учётной записи.

register-title = Регистрация
register-closed = Сейчас на этом сайте нельзя создать новую учётную запись.
register-username-hint = 3–32 символа: буквы (в том числе кириллица), цифры и _ . -
register-password-hint = Минимум 10 символов. Фразу из нескольких слов легко запомнить и трудно угадать.
register-submit = Зарегистрироваться
register-done = Если данные приняты, учётная запись готова: войдите со своим именем и паролем.

profile-joined = С нами с
profile-role = Роль
profile-certificate = Аттестат
profile-bl = Бизнес-уровень
bl-badge = BL { $bl }
profile-standing-history = Изменения аттестата и BL
profile-no-history = Изменений ещё не было.
standing-when = Когда
standing-what = Что
standing-change = Изменение
standing-reason = Причина
standing-field-certificate = Аттестат
standing-field-bl = BL
standing-field-role = Роль

settings-title = Настройки
settings-password = Смена пароля
settings-password-hint = После смены пароля все остальные сеансы будут завершены.
settings-password-submit = Сменить пароль
settings-password-saved = Пароль изменён. Остальные сеансы завершены.
settings-email = Адрес почты
settings-email-current = Текущий адрес:
settings-email-submit = Сменить почту
settings-email-saved = Адрес почты изменён.
settings-language = Язык

err-password-short = Пароль должен содержать минимум { $min ->
        [one] { $min } символ
        [few] { $min } символа
        [many] { $min } символов
       *[other] { $min } символов
    }.
err-password-long = Пароль может содержать максимум { $max ->
        [one] { $max } символ
        [few] { $max } символа
        [many] { $max } символов
       *[other] { $max } символов
    }.
err-password-common = Этот пароль слишком легко угадать. Выберите другой.
err-password-mismatch = Новые пароли не совпадают.
err-current-password = Текущий пароль неверен.
err-username-length = Имя должно содержать от { $min } до { $max ->
        [one] { $max } символа
        [few] { $max } символов
        [many] { $max } символов
       *[other] { $max } символов
    }.
err-username-chars = Имя может содержать только буквы, цифры и _ . -
err-username-taken = Это имя уже занято. Выберите другое.
err-email-invalid = Это не похоже на адрес электронной почты.
err-email-unavailable = Этот адрес использовать нельзя.
err-reason-required = Укажите причину.
err-certificate-unknown = Такого уровня аттестата нет.
err-bl-range = BL должен быть от 0 до 10000.

role-member = участник
role-moderator = модератор
role-admin = администратор
role-registrar = регистратор

cert-alias = Псевдоним
cert-formal = Формальный
cert-initial = Начальный
cert-personal = Персональный
cert-merchant = Продавца
cert-capitaller = Капиталлера
cert-cashier = Расчётный
cert-developer = Разработчика
cert-registrar = Регистратора
cert-guarantor = Гаранта
cert-service = Сервисный
cert-operator = Оператора

action-create-article = Создание инструкций
action-edit-article = Редактирование инструкций
action-rename-article = Переименование инструкций
action-revert-article = Откат инструкций
action-review-proposals = Проверка предложенных правок
action-edit-protected-article = Редактирование защищённой инструкции
action-protect-article = Защита инструкций
action-moderate = Модерация
action-manage-standing = Изменение аттестатов и BL
action-manage-roles = Изменение ролей
action-view-staff-log = Просмотр журнала персонала

deny-sign-in = { $action }: нужно войти.
deny-below-bar = { $action }: нужен аттестат «{ $certificate }» или выше и BL больше { $bl }. У вас «{ $have-certificate }», BL { $have-bl }.
deny-role = { $action }: только для ролей { $roles }.
action-post = Публикация сообщений
action-reply-closed = Ответ в закрытой теме
action-edit-post = Редактирование этого сообщения
action-delete-post = Удаление этого сообщения
action-see-deleted = Просмотр удалённых сообщений
action-mark-solution = Отметка решения
action-manage-categories = Управление категориями
time-just-now = только что
time-minutes = { $n } мин
time-hours = { $n } ч
time-days = { $n } дн.

home-title = Последние темы
categories-title = Категории
categories-none = Категорий пока нет.
list-sort = Порядок
sort-latest = Последние
sort-new = Новые
sort-top = Лучшие
period-day = день
period-week = неделя
period-month = месяц
period-year = год
period-all = всё время
list-more = Ещё темы
list-empty = Здесь пока нет тем.
marker-pinned = Закреплено
marker-closed = Закрыто
marker-solved = Решено
marker-new = новая
marker-unread = { $n ->
        [one] { $n } непрочитанное сообщение
        [few] { $n } непрочитанных сообщения
        [many] { $n } непрочитанных сообщений
       *[other] { $n } непрочитанных сообщений
    }
stat-replies = { $count ->
        [one] ответ
        [few] ответа
        [many] ответов
       *[other] ответов
    }
stat-likes = { $count ->
        [one] лайк
        [few] лайка
        [many] лайков
       *[other] лайков
    }
stat-topics = Темы
count-replies = { $count ->
        [one] { $count } ответ
        [few] { $count } ответа
        [many] { $count } ответов
       *[other] { $count } ответов
    }
count-likes = { $count ->
        [one] { $count } лайк
        [few] { $count } лайка
        [many] { $count } лайков
       *[other] { $count } лайков
    }
count-topics = { $count ->
        [one] { $count } тема
        [few] { $count } темы
        [many] { $count } тем
       *[other] { $count } тем
    }
topic-new = Новая тема
topic-create = Создать тему
topic-closed-note = Тема закрыта: новые ответы не принимаются.
reply-title = Ответ
reply-submit = Ответить
reply-sign-in = Войдите, чтобы ответить
field-body = Сообщение
field-title = Заголовок
field-category = Категория
field-category-choose = Выберите категорию…
compose-preview = Предпросмотр
compose-markdown-hint = Работает Markdown: **жирный**, _курсив_, списки, `код`, ссылки, таблицы. [[Название инструкции]] — ссылка на инструкцию, @имя — упоминание участника.
post-edited = изменено
post-deleted = Это сообщение удалено.
post-like = Нравится
post-unlike = Больше не нравится
post-bookmark = В закладки
post-unbookmark = Убрать из закладок
post-quote = Цитировать
post-solve = Отметить как решение
post-unsolve = Снять отметку решения
post-edit = Редактировать
post-save = Сохранить
post-delete = Удалить
solution-title = Решение
pager-label = Страницы
history-title = История изменений
history-revision = Версия { $n }
admin-categories = Категории
admin-new-category = Новая категория
admin-create = Создать категорию
admin-edit = Изменить
admin-save = Сохранить
admin-move-up = Выше
admin-move-down = Ниже
field-name = Название
field-slug = Адрес (slug)
field-description = Описание
field-color = Цвет
field-parent = Родительская категория
flash-posted = Опубликовано.
flash-saved = Сохранено.
flash-deleted = Удалено.
flash-category-saved = Категория сохранена.
err-title-length = Заголовок должен содержать от { $min } до { $max ->
        [one] { $max } символа
        [few] { $max } символов
        [many] { $max } символов
       *[other] { $max } символов
    }.
err-body-empty = Напишите что-нибудь.
err-body-long = Сообщение слишком длинное: максимум { $max ->
        [one] { $max } символ
        [few] { $max } символа
        [many] { $max } символов
       *[other] { $max } символов
    }.
err-category-unknown = Выберите одну из категорий.
err-topic-closed = Тема закрыта; ваш ответ не опубликован. Ваш текст сохранён ниже.
err-category-name = Название должно содержать от 2 до 100 символов.
err-category-slug = Используйте 2–64 строчные латинские буквы, цифры и дефисы.
err-category-slug-taken = Этот адрес уже использует другая категория.
err-category-color = Укажите цвет в виде #1f5fa8.
err-category-description = Описание слишком длинное (максимум 1000 символов).
err-category-parent = Выберите категорию верхнего уровня (допускается только один уровень подкатегорий).
profile-bookmarks = Закладки
profile-no-bookmarks = Закладок пока нет.

wiki-tabs = Инструменты страницы
wiki-read = Читать
wiki-edit = Редактировать
wiki-history = История
wiki-links-here = Ссылки сюда
wiki-index-title = Инструкции
wiki-count = { $n ->
        [one] { $n } инструкция
        [few] { $n } инструкции
        [many] { $n } инструкций
       *[other] { $n } инструкций
    }
wiki-empty = Инструкций пока нет.
wiki-new = Новая инструкция
wiki-new-go = Далее
wiki-newest = Недавно обновлённые
wiki-changes = Последние изменения
wiki-no-changes = Изменений пока нет.
wiki-redirected-from = (перенаправлено с «{ $title }»)
wiki-old-revision = Это старая версия инструкции (ревизия { $n }, { $at }). Она может сильно отличаться от текущей.
wiki-see-current = Посмотреть текущую версию.
wiki-protected-note = Инструкция защищена: редактировать её могут только модераторы.
wiki-toc = Содержание
wiki-last-edited = Последняя правка: { $user }, { $at }.
wiki-sign-in-to-edit = Войдите, чтобы редактировать инструкцию
wiki-move = Переименовать инструкцию
wiki-protect = Защитить
wiki-unprotect = Снять защиту
wiki-missing-text = Инструкции с таким названием пока нет.
wiki-create = Создать инструкцию
wiki-create-title = Создание «{ $title }»
wiki-edit-title = Редактирование «{ $title }»
wiki-save = Сохранить
wiki-conflict-title = Пока вы редактировали, кто-то изменил эту инструкцию
wiki-conflict-text = Их правки затрагивают те же строки, что и ваши, поэтому ничего не сохранено. Ваш текст — в редакторе ниже. Сравните его с текущей версией, объедините и сохраните ещё раз.
wiki-conflict-diff = От текущей версии к вашему тексту
wiki-conflict-theirs = Показать текущую версию полностью
wiki-history-title = История «{ $title }»
history-cur = текущая
history-prev = предыдущая
history-revert = вернуть эту
history-undo = отменить
history-older = Более старые версии
history-minor-abbr = м
wiki-diff-title = Изменения в «{ $title }»
diff-revision = Ревизия { $n }
diff-none = Эти две версии одинаковы.
wiki-links-title = Страницы, ссылающиеся на «{ $title }»
wiki-links-none = Сюда пока ничто не ссылается.
wiki-move-title = Переименование «{ $title }»
wiki-move-hint = Старое название продолжит работать: оно станет перенаправлением на новое.
wiki-move-submit = Переименовать
field-summary = Краткое описание изменений
field-minor = Это малая правка
field-new-title = Новое название
field-reason = Причина
err-title-empty = Укажите название.
err-title-punctuation = Название должно содержать хотя бы одну букву или цифру.
err-title-too-long = Название может содержать максимум 200 символов.
err-title-forbidden = Название не может содержать символ «{ $char }».
err-title-invisible = Название содержит невидимый или управляющий символ.
err-title-url = Название не может начинаться как веб-адрес (http:, javascript: …).
err-title-encoding = Название в адресе не является корректным текстом.
err-title-same = Это текущее название.
err-title-taken = Инструкция с таким названием уже существует.
err-summary-long = Описание изменений может содержать максимум { $max ->
        [one] { $max } символ
        [few] { $max } символа
        [many] { $max } символов
       *[other] { $max } символов
    }.
err-diff-param = «{ $which }» должно быть номером ревизии.
err-no-revision = У этой инструкции нет ревизии { $id }.
err-try-again = Кто-то сохранил в тот же момент; попробуйте ещё раз.
err-undo-conflict = Эту правку нельзя отменить автоматически: более поздние правки затронули те же строки. Отредактируйте инструкцию вручную.
flash-wiki-saved = Инструкция сохранена.
flash-wiki-merged = Сохранено. Тем временем инструкцию редактировал кто-то ещё; ваши правки объединены с чужими.
flash-wiki-unchanged = Ничего не изменилось, поэтому ничего не сохранено.
flash-wiki-reverted = Инструкция возвращена к прежней версии.
flash-wiki-undone = Правка отменена.
flash-wiki-moved = Инструкция переименована; старое название теперь перенаправляет сюда.
flash-wiki-protected = Инструкция защищена.
flash-wiki-unprotected = Защита с инструкции снята.
summary-reverted = Возврат к ревизии { $n }
summary-undid = Отмена ревизии { $n }
summary-moved = «{ $from }» переименовано в «{ $to }»
wiki-propose-note = Вы всё равно можете помочь: ваша правка попадёт в очередь проверки, и квалифицированный редактор опубликует её под вашим именем.
wiki-submit-review = Отправить на проверку
review-title = Предложенные правки
review-empty = Предложений на проверку нет.
proposal-title = Предложенная правка «{ $title }»
proposal-conflict = не объединяется автоматически
proposal-approve = Одобрить и опубликовать
proposal-open = Открыть
proposal-by-reviewer = проверил(а) { $user }
proposal-reason = Причина
proposal-see-guide = Посмотреть инструкцию
proposal-not-clean = Инструкция изменилась после того, как было написано это предложение, и правки затрагивают те же строки. Отредактируйте текст ниже перед одобрением.
proposal-changes = Изменения относительно текущей инструкции
proposal-review = Проверка
proposal-edit-before = Отредактировать перед одобрением
proposal-edit-hint = Оставьте пустым, чтобы опубликовать предложение как есть (объединённым с более поздними правками).
proposal-reject-reason = Причина отклонения
proposal-reject = Отклонить
proposal-withdraw = Отозвать моё предложение
proposal-status-pending = Ожидает проверки
proposal-status-approved = Одобрено
proposal-status-rejected = Отклонено
proposal-status-withdrawn = Отозвано
flash-proposal-sent = Ваша правка отправлена на проверку.
flash-proposal-withdrawn = Ваше предложение отозвано.
flash-proposal-approved = Предложение одобрено и опубликовано.
flash-proposal-rejected = Предложение отклонено.
err-too-many-proposals = У вас уже { $max ->
        [one] { $max } предложение
        [few] { $max } предложения
        [many] { $max } предложений
       *[other] { $max } предложений
    } на проверке. Дождитесь проверки или отзовите одно из них.
profile-proposals = Мои предложенные правки
staff-standing = Аттестат и BL (персонал)
staff-role = Роль (администраторы)
staff-bl-manual = Установить этот BL
staff-bl-community = Считать по формуле сообщества
standing-who = Кем
standing-source-cli = командная строка
standing-source-staff = персонал
standing-source-sync = служба идентификации
standing-source-community = формула сообщества
standing-field-bl-source = Источник BL
bl-source-community = по активности в сообществе
bl-source-registrar = установлен регистратором
bl-source-sync = от службы идентификации
flash-standing-saved = Сохранено.
err-role-unknown = Такой роли нет.
discussions-title = Обсуждения
discussions-none = Ни одна тема пока не ссылается на эту инструкцию.
discussions-all = Все обсуждения
discuss-this-guide = Обсудить инструкцию
wiki-discussions-title = Обсуждения «{ $title }»
links-guides = Инструкции
links-topics = Темы форума
related-guides = Связанные инструкции
guide-became = Этот ответ стал инструкцией
turn-into-guide = Превратить в инструкцию
guide-from-topic-solution = Решение
guide-from-topic-source = Из обсуждения на форуме
guide-from-topic-authors = Вопрос и ответ:
guide-from-topic-summary = Инструкция создана из решённой темы «{ $title }»
err-guide-needs-solution = Превратить в инструкцию можно только решённую тему.
suggest-guides = Инструкции, которые могут ответить
suggest-topics = Похожие решённые темы
nav-mod = Модерация
deny-silenced = Вам запрещено писать, поэтому сейчас вы не можете публиковать и редактировать. В профиле указаны причина и срок.
post-hidden = Это сообщение скрыто.
mod-reason-shown = Причина
mod-topic-tools = Инструменты темы
mod-action = Действие
mod-close = Закрыть
mod-reopen = Открыть снова
mod-pin = Закрепить в категории
mod-pin-global = Закрепить везде
mod-unpin = Открепить
mod-move = Перенести в категорию
mod-hide = Скрыть
mod-unhide = Показать
mod-delete = Удалить
mod-restore = Восстановить
mod-apply = Применить
mod-queue = Очередь модерации
mod-queue-empty = Ничего не ждёт проверки.
mod-log = Журнал персонала
mod-agree = Согласиться и скрыть
mod-disagree = Не согласиться и снять
mod-silence-days = …и запретить автору писать на дней:
log-moderator = Модератор
log-member = Участник
log-action = Действие
log-filter = Фильтровать
log-empty = Записей нет.
flag-post = Пожаловаться
flag-spam = Спам
flag-scam = Мошенничество
flag-off-topic = Не по теме
flag-abusive = Оскорбления
flag-other = Другое
flag-text = Что не так? (обязательно для «Другое»)
flag-submit = Отправить жалобу
flag-yours = Вы пожаловались на это сообщение: { $status }
flash-flagged = Спасибо: модераторы проверят это сообщение.
flash-mod-done = Готово. Запись есть в журнале персонала.
err-flag-reason = Выберите причину жалобы.
err-flag-text = Опишите, что не так.
err-flag-twice = Вы уже жаловались на это сообщение.
err-days = Количество дней должно быть числом.
sanctions-title = Ограничения
sanction-panel = Ограничить участника
sanction-days = Дней (пусто — до отмены)
sanction-lift = Снять
sanction-until = до { $until }
sanction-until-lifted = до отмены
sanction-kind-silence = Запрещено писать
sanction-kind-suspend = Приостановлено (не может войти)
sanction-kind-ban = Заблокировано
sanction-suspended = Ваша учётная запись приостановлена до { $until }. Причина: { $reason }
sanction-banned = Ваша учётная запись заблокирована. Причина: { $reason }
flag-status-pending = ждёт модератора
flag-status-agreed = модератор согласился
flag-status-disagreed = модератор не согласился
err-too-many-links = Новые участники могут добавить в сообщение максимум { $max ->
        [one] { $max } ссылку
        [few] { $max } ссылки
        [many] { $max } ссылок
       *[other] { $max } ссылок
    }. Уберите лишние или подождите день.
mod-merge = Объединить с другой темой
mod-merge-into = Целевая тема (адрес или номер)
mod-split = Выделить ответы в новую тему
mod-split-posts = Номера сообщений для переноса
err-merge-target = Укажите адрес или номер целевой темы.
err-split-posts = Перечислите номера сообщений, например 3, 4, 7.
staff-mod-categories = Модерирует только эти категории (slug через запятую; пусто — все)
staff-mod-categories-example = deposits, security
mod-registrations = Регистрации, ожидающие одобрения
mod-held = ждёт одобрения
mod-approve = Одобрить
mod-reject = Отклонить
login-awaiting-approval = Ваша учётная запись ждёт одобрения модератора. Попробуйте позже.
