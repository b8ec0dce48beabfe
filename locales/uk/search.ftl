# Пошук, запитання та сторінка адміністрування пошуку.

action-manage-search = Керування пошуком
search-title = Пошук
search-label = Пошук на форумі та в довідках
search-placeholder = Пошук…
search-button = Знайти
search-filters = Фільтри
search-kind = Показати
search-kind-all = Довідки й теми
search-kind-guides = Лише довідки
search-kind-topics = Лише теми
search-category = Розділ
search-category-any = Будь-який розділ
search-author = Автор (ім'я користувача)
search-from = Від дати
search-to = До дати
search-solved = Лише вирішені теми
search-fix-filters = Деякі фільтри заповнено неправильно; дивіться повідомлення біля них.
search-empty = Введіть кілька слів для пошуку.
search-no-words = Тут нема чого шукати: введіть слова, а не лише розділові знаки чи дуже поширені слова.
search-truncated = Текст довгий, тому шукали лише за його початком.
search-did-you-mean = Можливо, ви мали на увазі:
search-nothing = Нічого не знайдено. Спробуйте інші слова або менше слів.
search-count = { $count ->
        [one] { $count } результат
        [few] { $count } результати
        [many] { $count } результатів
       *[other] { $count } результату
    }
search-partial = усі слова разом не знайдено, тож це збіги з деякими з них
search-kind-guide = Довідка
search-kind-topic = Тема
search-kind-post = Відповідь
search-solved-mark = вирішено
search-pages = Сторінки результатів
search-err-date = Запишіть дату як РРРР-ММ-ДД, наприклад 2026-01-31.
search-err-category = Такого розділу немає.
search-err-author = Учасника з таким ім'ям немає.
search-err-synonym-long = Кожна частина має бути коротшою за 100 символів.
search-err-synonym-empty = Напишіть хоча б одне не надто поширене слово.
search-thanks = Дякуємо: ваша відповідь допомагає покращувати довідки.
search-synonym-saved = Синонім додано.
search-synonym-deleted = Синонім вилучено.
ask-title = Поставити запитання
ask-label = З чим вам допомогти?
ask-placeholder = Наприклад: як поповнити гаманець
ask-button = Запитати
ask-empty = Опишіть проблему кількома словами, так, як спитали б людину.
ask-guides = Довідки, що на це відповідають
ask-read-section = Читати розділ:
ask-read-guide = Читати довідку
ask-no-guides = Поки що жодна довідка на це не відповідає.
ask-topics = Вирішено на форумі
ask-not-answered = Не знайшли відповіді?
ask-community = Запитати спільноту
ask-search-instead = Шукати всюди
ask-helped-question = Це відповіло на ваше запитання?
ask-helped-yes = Так
ask-helped-no = Ні
search-admin-title = Пошук і запитання
search-admin-unanswered = Запитання без відповіді
search-admin-unanswered-hint = Поставлені в /ask, на які не відповіла жодна довідка, або читач не відкрив довідку чи сказав, що вона не допомогла: це довідки, які варто написати.
search-admin-no-guide = довідку не знайдено
search-admin-not-helped = не допомогло
search-admin-not-followed = довідку не відкрито
search-admin-none = Запитань без відповіді немає.
search-admin-synonyms = Синоніми
search-admin-synonyms-hint = Запитання з першою фразою знаходить і другу (в обидва боки, якщо позначено). Діють одразу, без переіндексації.
search-admin-delete = Вилучити
search-admin-from = Слова, які пишуть читачі
search-admin-to = Слова з довідок
search-admin-two-way = В обидва боки
search-admin-add = Додати
search-admin-seed = { $count ->
        [one] { $count } вбудована пара
        [few] { $count } вбудовані пари
        [many] { $count } вбудованих пар
       *[other] { $count } вбудованої пари
    }
wiki-aliases = Інші назви (для пошуку)
wiki-aliases-hint = По одній у рядку: назви, за якими читачі можуть шукати цю довідку, українською чи російською. Допомагають пошуку та /ask її знайти.
