# Buyurtma berishdagi savollar, tekshiruvlar va yakuniy ma'lumot; buyurtma kartalari va ulardagi amallar.

card-service =
    <b>{ $service }</b>
    Narxi: <b>{ $price }</b> (1000 tasi uchun)
    Min – maks: { $min } – { $max }
card-service-package =
    <b>{ $service }</b>
    Narxi: <b>{ $price }</b>
card-refill-yes = ♻️ Kafolat (qayta to'ldirish): bor
card-refill-no = ♻️ Kafolat (qayta to'ldirish): yo'q
card-cancel-yes = ✖️ Bekor qilish mumkin: ha
card-cancel-no = ✖️ Bekor qilish mumkin: yo'q
card-dripfeed = 💧 Bosqichma-bosqich yetkazish bor: miqdorni bir necha martada yetkazish mumkin.

ask-link = Kanal, guruh yoki post havolasini yuboring (t.me/...).
ask-quantity = Nechta kerak? ({ $min } – { $max })
ask-runs = Bosqichma-bosqich yetkazish: necha martada yetkazilsin? (2 – 1000) Har safar to'liq miqdor yetkaziladi. Yoki «Birdaniga» tugmasini bosing.
ask-interval = Har bir bosqich orasida necha daqiqa bo'lsin? (1 – 1440)
ask-comments = Izohlarni yuboring, har bir qatorda bittadan ({ $min } – { $max } qator).
ask-usernames = Foydalanuvchi nomlarini yuboring, har bir qatorda bittadan ({ $min } – { $max } qator), masalan @username.
ask-username = Bitta foydalanuvchi nomini yuboring, masalan @username.
ask-hashtag = Heshtegni yuboring, masalan #news.
ask-answer_number = Ovozlar qaysi javobga berilsin? Uning raqamini yuboring (1 — birinchi javob, 2 — ikkinchi...).
ask-groups = A'zolar qaysi guruhlardan taklif qilinsin? Har bir qatorda bitta guruh nomini (username) yuboring (1 – 100 qator).
ask-sub_username = Yangi postlari kuzatiladigan kanal nomini yuboring, masalan @yourchannel.
ask-sub_min = Har bir post uchun kamida nechta? ({ $min } – { $max })
ask-sub_max = Har bir post uchun ko'pi bilan nechta? ({ $min } – { $max })
ask-posts = Nechta yangi post uchun? (1 – 10000)
ask-delay = Har bir post uchun boshlashdan oldin necha daqiqa kutilsin? (0 – 1440, 0 = darhol)
ask-expiry = Qaysi sanagacha? (KK.OO.YYYY) Yoki «Muddatsiz» tugmasini bosing.
skip-runs = Birdaniga
skip-expiry = Muddatsiz

field-bad-link = Bu havoladan foydalana olmayman. Telegram havolasini yuboring, masalan https://t.me/yourchannel yoki https://t.me/yourchannel/123.
field-bad-number = Iltimos, butun son yuboring, masalan { $min }.
field-below-min = Bu minimumdan kam. { $min } – { $max } oralig'ida son yuboring.
field-above-max = Bu maksimumdan ko'p. { $min } – { $max } oralig'ida son yuboring.
field-bad-answer = Javob raqamini 1 – 100 oralig'ida butun son bilan yuboring.
field-too-long = Xabar juda uzun.
field-line-too-long = Qatorlardan biri juda uzun (har bir qatorda ko'pi bilan 1000 ta belgi).
field-lines-count = Siz { $count } ta qator yubordingiz; { $min } – { $max } ta qator yuboring, har bir qatorda bittadan.
field-bad-username = Bu foydalanuvchi nomi emas. Uni @username ko'rinishida yuboring (lotin harflari, raqamlar va _; 4 tadan 32 tagacha belgi).
field-bad-username-in-list = «{ $line }» foydalanuvchi nomi emas. Har bir qatorda bitta @username yuboring.
field-bad-hashtag = Bu heshteg emas. Uni #news ko'rinishida yuboring (harflar, raqamlar va _).
field-bad-expiry = Kelajakdagi sanani yuboring, masalan 31.12.2026.

order-summary-title = <b>Buyurtmangiz</b>
sum-service = Xizmat: { $service }
sum-link = Havola: { $value }
sum-quantity = Miqdor: { $value }
sum-runs = Bosqichlar soni: { $value }
sum-interval = Oraliq: { $value } daq.
sum-comments = Izohlar: { $value }
sum-usernames = Foydalanuvchi nomlari: { $value }
sum-username = Foydalanuvchi nomi: { $value }
sum-hashtag = Heshteg: { $value }
sum-answer = Javob raqami: { $value }
sum-groups = Guruhlar: { $value }
sum-sub-min = Har bir postga kamida: { $value }
sum-sub-max = Har bir postga ko'pi bilan: { $value }
sum-posts = Postlar soni: { $value }
sum-delay = Kechikish: { $value } daq.
sum-expiry = Muddati: { $value } gacha
sum-total = Jami: <b>{ $price }</b>
sum-balance = Balansingiz: { $balance }

order-paused = 🛠 Buyurtma berish vaqtincha to'xtatilgan. Birozdan so'ng qayta urinib ko'ring.
order-paused-refunded =
    🛠 Buyurtma berish vaqtincha to'xtatilgan. Hech narsa yo'qotmadingiz: { $price } balansingizga qaytarildi. Birozdan so'ng qayta urinib ko'ring.

card-title = <b>Buyurtma #{ $id }</b>
card-line-service = Xizmat: { $service }
card-line-link = Havola: { $link }
card-line-quantity = Miqdor: { $quantity }
card-line-price = Narxi: { $price }
card-line-status = Holati: <b>{ $status }</b>
card-line-upstream-status = Yetkazib beruvchidagi holati: { $status }
card-line-start = Boshlang'ich soni: { $count }
card-line-remains = Qoldi: { $count }
card-line-refund = Qaytarildi: { $refund }
card-line-created = Buyurtma vaqti: { $date }
card-line-refill = Qayta to'ldirish: { $status }
card-line-cancel-requested = Bekor qilish so'raldi: yetkazib beruvchining javobi kutilmoqda.
btn-refresh = 🔄 Yangilash
btn-cancel-order = ✖️ Bekor qilish
btn-refill = ♻️ Qayta to'ldirish
btn-order-again = 🔁 Qayta buyurtma
btn-to-list = 📦 Barcha buyurtmalar
order-not-found = Buyurtma topilmadi.
order-refreshed = Yangilandi.
order-refresh-failed = Yetkazib beruvchi hozir javob bermadi. Oxirgi ma'lum holat ko'rsatilgan.
order-cancel-requested = ✖️ #{ $id } buyurtmani bekor qilish so'raldi. Yetkazib beruvchi uni bekor qilsa, pul balansingizga qaytadi va sizga xabar beraman.
order-cancel-refused = Yetkazib beruvchi #{ $id } buyurtmani bekor qila olmadi (u allaqachon bajarilayotgan yoki tugagan bo'lishi mumkin).
order-cancel-unavailable = Bu buyurtmani hozir bekor qilib bo'lmaydi.
order-refill-requested = ♻️ #{ $id } buyurtma uchun qayta to'ldirish so'raldi. Natijasini aytaman.
order-refill-refused = Yetkazib beruvchi hozircha #{ $id } buyurtma uchun qayta to'ldirishni qabul qilmadi.
order-refill-unavailable = Bu buyurtmani hozir qayta to'ldirib bo'lmaydi.
order-refill-open = Bu buyurtma uchun qayta to'ldirish allaqachon bajarilmoqda.
order-again-unavailable = Bu xizmat endi mavjud emas.
refill-status-requested = so'raldi
refill-status-pending = bajarilmoqda
refill-status-completed = bajarildi
refill-status-rejected = rad etildi
refill-status-error = amalga oshmadi

notice-refill-completed = ♻️ Buyurtma <b>#{ $id }</b> qayta to'ldirildi.
notice-refill-rejected = ♻️ Yetkazib beruvchi <b>#{ $id }</b> buyurtmani qayta to'ldirishni rad etdi.
notice-refill-error = ♻️ <b>#{ $id }</b> buyurtmani qayta to'ldirib bo'lmadi.
notice-resolved-placed = ✅ Buyurtma <b>#{ $id }</b> yetkazib beruvchi tomonidan tasdiqlandi va bajarilmoqda. Bajarilganda xabar beraman.
notice-resolved-refunded = ↩️ Buyurtma <b>#{ $id }</b> yetkazib beruvchida joylashtirilmadi. Balansingizga qaytarildi: <b>{ $refund }</b>.

admin-orders-paused-funds = 🛑 Panel «mablag' yetarli emas» deb javob berdi: yangi buyurtmalar to'xtatildi, xaridorlar «vaqtincha to'xtatilgan» xabarini ko'radi. Panel balansini to'ldiring — buyurtmalar o'zi qayta boshlanadi.
admin-orders-paused-low = 🛑 Panel balansi PANEL_BALANCE_ALERT chegarasidan past: yangi buyurtmalar to'xtatildi. Panel balansini to'ldiring — buyurtmalar o'zi qayta boshlanadi.
admin-orders-resumed = ✅ Panel balansi tiklandi: buyurtmalar qayta qabul qilinmoqda.
admin-unknown-empty = Hal qilinishini kutayotgan buyurtmalar yo'q.
admin-unknown-title = <b>Natijasi noma'lum buyurtmalar</b> (har birini hal qiling: /resolve &lt;buyurtma&gt; &lt;paneldagi buyurtma id&gt; yoki /resolve &lt;buyurtma&gt; refund):
admin-unknown-line = #{ $id } · foydalanuvchi { $user } · { $service } · { $quantity } · { $price } · { $date }
admin-resolve-usage = Foydalanish: /resolve &lt;buyurtma&gt; &lt;paneldagi buyurtma id&gt; yoki /resolve &lt;buyurtma&gt; refund
admin-resolve-not-unknown = #{ $id } buyurtma hal qilinishini kutmayapti.
admin-resolve-id-taken = Paneldagi { $upstream } buyurtma allaqachon boshqa buyurtmaga bog'langan.
admin-resolved-placed = #{ $id } buyurtma paneldagi { $upstream } buyurtmaga bog'landi va kuzatib boriladi.
admin-resolved-refunded = #{ $id } buyurtma uchun pul qaytarildi ({ $refund }).

search-hint = <i>Yoki nima qidirayotganingizni yozing, masalan «ko'rishlar» yoki «obunachilar».</i>
search-results = «{ $query }» bo'yicha topildi
search-nothing = «{ $query }» bo'yicha hech narsa topilmadi. Bo'limni tanlang yoki boshqa so'zlar bilan qidiring.
