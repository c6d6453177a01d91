# Xaridorlar uchun matnlar (o'zbekcha, lotin yozuvi). Ismlar, havolalar va panel matni bor o'zgaruvchilarni kod HTML uchun ekranlaydi.
language-name = O'zbekcha

menu-order = 🛒 Buyurtma
menu-balance = 💰 Balans
menu-orders = 📦 Buyurtmalarim
menu-help = ❓ Yordam
menu-language = 🌐 Til

lang-choose = Tilni tanlang:
lang-set = ✅ Til o'zbek tiliga o'zgartirildi.
lang-menu-updated = Menyu endi o'zbek tilida.
rate-limited = ⏳ Juda ko'p xabar yubordingiz. Bir necha soniya kuting; shu orada yuborilgan xabarlar e'tiborga olinmaydi.

start-welcome =
    👋 Xush kelibsiz, { $name }!
    Bu yerda Telegram obunachilari, ko'rishlar, so'rovnoma ovozlari va boshqa xizmatlarga buyurtma berishingiz mumkin.
    Balansingiz: <b>{ $balance }</b>
    Boshlash uchun quyidagi menyudan foydalaning.
help-text =
    <b>Qanday ishlaydi</b>
    1. 🛒 Buyurtma tugmasini bosing (yoki /order), bo'lim va xizmatni tanlang.
    2. Kanal, guruh yoki post havolasini yuboring.
    3. Kerakli miqdorni yozing va narxni tasdiqlang.
    Pul balansingizdan yechiladi; buyurtma bekor qilinsa yoki qisman bajarilsa, qolgan summa balansingizga avtomatik qaytadi.
    /balance — balansingiz
    /orders — buyurtmalaringiz
    /cancel — joriy qadamdan chiqish
    /topup — balansni to'ldirish
    /referrals — do'stlarni taklif qilib daromad olish
    /promo KOD — promokodni faollashtirish
    /lang — tilni o'zgartirish
    /paysupport — to'lov bo'yicha yordam
unknown-command = Bunday buyruq yo'q. Quyidagi menyudan foydalaning yoki /help buyrug'ini yuboring.
use-menu = Quyidagi menyudan foydalaning. Nimalar qila olishimni bilish uchun /help buyrug'ini yuboring.
banned = Bu do'kondan foydalanishingiz cheklangan.
error-generic = Bizda nimadir xato ketdi. Bir daqiqadan so'ng qayta urinib ko'ring.
cancelled = Bekor qilindi. Pul yechilmadi.
nothing-to-cancel = Bekor qilinadigan narsa yo'q.
stale-button = Bu tugma eski xabardan. 🛒 Buyurtma tugmasi bilan qaytadan boshlang.

balance-text = Balansingiz: <b>{ $balance }</b>
credited = 💰 Balansingizga <b>{ $amount }</b> qo'shildi. Balans: <b>{ $balance }</b>
debited = Balansingizdan <b>{ $amount }</b> yechildi. Balans: <b>{ $balance }</b>

order-choose-category = Bo'limni tanlang:
order-no-services = Kechirasiz, hozircha buyurtma uchun xizmat yo'q. Keyinroq urinib ko'ring.
order-choose-service = <b>{ $category }</b>
    Xizmatni tanlang (narx 1000 tasi uchun):
order-send-text = Iltimos, matn ko'rinishida yuboring.
order-summary-short =
    ⚠️ Bu buyurtma uchun balansingiz yetarli emas: narxi <b>{ $price }</b>, sizda <b>{ $balance }</b>. Balansni to'ldirib, qayta urinib ko'ring.
order-price-changed = ⚠️ Bu xizmatning narxi hozirgina o'zgardi. Yangi summa: <b>{ $price }</b>. Iltimos, qayta tasdiqlang.
order-placing = ⏳ Buyurtmangiz rasmiylashtirilmoqda…
order-placed =
    ✅ Buyurtma <b>#{ $id }</b> qabul qilindi.
    Yechildi: { $price }. Balans: { $balance }.
    Buyurtma boshlanganda va bajarilganda xabar beraman.
order-duplicate = Bu buyurtma allaqachon qabul qilingan: <b>#{ $id }</b>.
order-unavailable = Kechirasiz, bu xizmat endi mavjud emas. Pul yechilmadi.
order-rejected =
    ❌ Yetkazib beruvchi buyurtmani qabul qila olmadi: { $reason }
    Hech narsa yo'qotmadingiz: { $price } balansingizga qaytarildi.
order-unknown =
    ⏳ Buyurtma <b>#{ $id }</b> yetkazib beruvchida tekshirilmoqda. To'lov shu buyurtma uchun band qilingan; natijasini shu yerda aytaman.
order-cancelled = Buyurtma berish bekor qilindi. Pul yechilmadi.

btn-back = ⬅️ Orqaga
btn-cancel = ✖️ Bekor qilish
btn-confirm = ✅ Tasdiqlash
btn-prev = ◀️
btn-next = ▶️

panel-error-not_enough_funds = xizmat vaqtincha mavjud emas.
panel-error-bad_link = havola qabul qilinmadi. U to'g'ri va ochiq ekanini tekshiring.
panel-error-quantity_below_min = miqdor bu xizmatning minimumidan kam.
panel-error-quantity_above_max = miqdor bu xizmatning maksimumidan ko'p.
panel-error-incorrect_service = bu xizmat endi mavjud emas.
panel-error-answer_number_required = javob raqami ko'rsatilmagan.
panel-error-other = yetkazib beruvchi buyurtmani rad etdi.
panel-error-unreachable = yetkazib beruvchi hozir javob bermayapti. Keyinroq urinib ko'ring.

orders-empty = Sizda hali buyurtmalar yo'q. Buyurtma berish uchun 🛒 Buyurtma tugmasini bosing.
orders-title = <b>Buyurtmalaringiz</b> (sahifa { $page }/{ $pages })
orders-line = #{ $id } · { $service } · { $quantity } · { $price } · { $status }

status-submitting = tekshirilmoqda
status-unknown = tekshirilmoqda
status-failed = qabul qilinmadi (pul qaytarildi)
status-pending = navbatda
status-in_progress = bajarilmoqda
status-completed = bajarildi
status-partial = qisman bajarildi
status-canceled = bekor qilindi

notice-in_progress = 🚀 Buyurtma <b>#{ $id }</b> ({ $service }) boshlandi.
notice-completed = ✅ Buyurtma <b>#{ $id }</b> ({ $service }) bajarildi.
notice-partial =
    ⚠️ Buyurtma <b>#{ $id }</b> ({ $service }) qisman bajarildi: { $remains } tasi yetkazilmadi.
    Balansingizga qaytarildi: <b>{ $refund }</b>.
notice-canceled =
    ❌ Buyurtma <b>#{ $id }</b> ({ $service }) bekor qilindi.
    Balansingizga qaytarildi: <b>{ $refund }</b>.

admin-unknown-order = ⚠️ Buyurtma <b>#{ $id }</b> (foydalanuvchi { $user }): joylashtirilayotganda panel javob bermadi, shuning uchun u panelda bor-yo'qligi noma'lum. Panelni tekshirib, buyurtmani hal qiling.
admin-stuck-order = ⚠️ Buyurtma <b>#{ $id }</b> { $days } kundan beri tugamagan.

cmd-order = Buyurtma berish
cmd-orders = Buyurtmalarim
cmd-balance = Balansim
cmd-help = Qanday ishlaydi
cmd-cancel = Joriy qadamdan chiqish
cmd-lang = Tilni o'zgartirish
