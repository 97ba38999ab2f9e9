import { router } from '../../trpc/index.ts';
import { addToCart, getCart, removeFromCart, updateCartItem } from './cart.ts';
import { checkoutStatus, startCheckout } from './checkout.ts';
import { allOrders, getOrder, myOrders } from './orders.ts';
import { confirmProductImage, productImageUploadUrl } from './product-image.ts';
import {
  archiveProduct,
  createProductProcedure,
  restoreProduct,
  setProductStock,
  updateProductProcedure,
} from './products-admin.ts';
import {
  getActiveProduct,
  getActiveProductBySlug,
  listActiveProducts,
  listAllProducts,
} from './products.ts';
import { createRefund, listRefunds } from './refunds.ts';

export const shopRouter = router({
  products: router({
    list: listActiveProducts,
    get: getActiveProduct,
    bySlug: getActiveProductBySlug,
    listAll: listAllProducts,
    create: createProductProcedure,
    update: updateProductProcedure,
    archive: archiveProduct,
    restore: restoreProduct,
    setStock: setProductStock,
    imageUploadUrl: productImageUploadUrl,
    confirmImage: confirmProductImage,
  }),
  cart: router({
    get: getCart,
    add: addToCart,
    update: updateCartItem,
    remove: removeFromCart,
  }),
  checkout: router({
    start: startCheckout,
    status: checkoutStatus,
  }),
  orders: router({
    mine: myOrders,
    all: allOrders,
    get: getOrder,
  }),
  refunds: router({
    create: createRefund,
    list: listRefunds,
  }),
});
