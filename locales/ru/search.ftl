# Поиск, вопросы и страница администрирования поиска.

action-manage-search = Управление поиском
search-title = Поиск
search-label = Поиск по форуму и справкам
search-placeholder = Поиск…
search-button = Найти
search-filters = Фильтры
search-kind = Показать
search-kind-all = Справки и темы
search-kind-guides = Только справки
search-kind-topics = Только темы
search-category = Раздел
search-category-any = Любой раздел
search-author = Автор (имя пользователя)
search-from = С даты
search-to = По дату
search-solved = Только решённые темы
search-fix-filters = Некоторые фильтры заполнены неверно; смотрите сообщения рядом с ними.
search-empty = Введите несколько слов для поиска.
search-no-words = Здесь нечего искать: введите слова, а не только знаки препинания или очень частые слова.
search-truncated = Текст длинный, поэтому искали только по его началу.
search-did-you-mean = Возможно, вы имели в виду:
search-nothing = Ничего не найдено. Попробуйте другие слова или меньше слов.
search-count = { $count ->
        [one] { $count } результат
        [few] { $count } результата
        [many] { $count } результатов
       *[other] { $count } результата
    }
search-partial = все слова вместе не найдены, поэтому это совпадения с некоторыми из них
search-kind-guide = Справка
search-kind-topic = Тема
search-kind-post = Ответ
search-solved-mark = решено
search-pages = Страницы результатов
search-err-date = Запишите дату как ГГГГ-ММ-ДД, например 2026-01-31.
search-err-category = Такого раздела нет.
search-err-author = Участника с таким именем нет.
search-err-synonym-long = Каждая часть должна быть короче 100 символов.
search-err-synonym-empty = Напишите хотя бы одно не слишком частое слово.
search-thanks = Спасибо: ваш ответ помогает улучшать справки.
search-synonym-saved = Синоним добавлен.
search-synonym-deleted = Синоним удалён.
ask-title = Задать вопрос
ask-label = С чем вам помочь?
ask-placeholder = Например: как пополнить кошелёк
ask-button = Спросить
ask-empty = Опишите проблему несколькими словами, как спросили бы человека.
ask-guides = Справки, которые на это отвечают
ask-read-section = Читать раздел:
ask-read-guide = Читать справку
ask-no-guides = Пока ни одна справка на это не отвечает.
ask-topics = Решено на форуме
ask-not-answered = Не нашли ответа?
ask-community = Спросить сообщество
ask-search-instead = Искать везде
ask-helped-question = Это ответило на ваш вопрос?
ask-helped-yes = Да
ask-helped-no = Нет
search-admin-title = Поиск и вопросы
search-admin-unanswered = Вопросы без ответа
search-admin-unanswered-hint = Заданные в /ask, на которые не ответила ни одна справка, или читатель не открыл справку или сказал, что она не помогла: это справки, которые стоит написать.
search-admin-no-guide = справка не найдена
search-admin-not-helped = не помогло
search-admin-not-followed = справка не открыта
search-admin-none = Вопросов без ответа нет.
search-admin-synonyms = Синонимы
search-admin-synonyms-hint = Вопрос с первой фразой находит и вторую (в обе стороны, если отмечено). Действуют сразу, без переиндексации.
search-admin-delete = Удалить
search-admin-from = Слова, которые пишут читатели
search-admin-to = Слова из справок
search-admin-two-way = В обе стороны
search-admin-add = Добавить
search-admin-seed = { $count ->
        [one] { $count } встроенная пара
        [few] { $count } встроенные пары
        [many] { $count } встроенных пар
       *[other] { $count } встроенной пары
    }
wiki-aliases = Другие названия (для поиска)
wiki-aliases-hint = По одному в строке: названия, по которым читатели могут искать эту справку, на украинском или русском. Помогают поиску и /ask её найти.
